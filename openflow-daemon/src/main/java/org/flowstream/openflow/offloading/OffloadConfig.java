package org.flowstream.openflow.offloading;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.offload.TfoSelector;
import org.flowstream.openflow.rules.Cookies;

/**
 * What an operator configures for one TFO offload (§2.4) on one switch: all IPv4 traffic entering on
 * {@code in_port} (any port when absent) goes to the software path by default; the heavy-hitter destination
 * prefixes TFO selects get a forwarding rule to the fast path instead. Both the {@code tfo_configure} request
 * (snake_case keys) and what the daemon saves.
 *
 * @param id              owner id of the offload's rules (cookie kind 3), 0 to 2^48-1
 * @param switchName      the switch (bridge)
 * @param inPort          port the routed traffic enters on; null: any
 * @param softwarePort    where everything not offloaded goes (the software router)
 * @param fastPathPort    where offloaded prefixes are forwarded
 * @param capacity        n, the number of forwarding rules the offload may use (default 1000)
 * @param factor          swap factor of §2.4.2.2 (default 2)
 * @param windows         time scales in rounds, shortest first (default 3, 30, 180)
 * @param intervalMillis  length of a round (default 10000); 0: rounds only on request (tfo_round)
 * @param priority        base priority of the forwarding rules; a prefix of length L gets priority + L, so the
 *                        longest offloaded prefix wins where two overlap (default 500)
 * @param defaultPriority priority of the software-path rule (default 10)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OffloadConfig(
        Long id,
        String switchName,
        Integer inPort,
        Integer softwarePort,
        Integer fastPathPort,
        Integer capacity,
        Double factor,
        List<Integer> windows,
        Long intervalMillis,
        Integer priority,
        Integer defaultPriority) {

    public OffloadConfig withDefaults() {
        return new OffloadConfig(
                id,
                switchName,
                inPort,
                softwarePort,
                fastPathPort,
                capacity == null ? 1000 : capacity,
                factor == null ? TfoSelector.DEFAULT_FACTOR : factor,
                windows == null || windows.isEmpty() ? List.of(3, 30, 180) : List.copyOf(windows),
                intervalMillis == null ? 10_000L : intervalMillis,
                priority == null ? 500 : priority,
                defaultPriority == null ? 10 : defaultPriority);
    }

    /** Refuses what the offload cannot run with; call on {@link #withDefaults()}. */
    public OffloadConfig check() {
        if (id == null) throw new IllegalArgumentException("id is required");
        Cookies.cookie(Cookies.OwnerKind.OFFLOAD, id);
        if (switchName == null || switchName.isBlank()) throw new IllegalArgumentException("switch_name is required");
        if (softwarePort == null) throw new IllegalArgumentException("software_port is required");
        if (fastPathPort == null) throw new IllegalArgumentException("fast_path_port is required");
        for (Map.Entry<String, Integer> p : namedPorts().entrySet()) {
            if (p.getValue() < 1 || p.getValue() > 0xFFFFFF00L)
                throw new IllegalArgumentException("%s %d is not a switch port".formatted(p.getKey(), p.getValue()));
        }
        if (softwarePort.equals(fastPathPort))
            throw new IllegalArgumentException("software_port and fast_path_port must differ");
        if (capacity < 0) throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
        if (!(factor >= 1)) throw new IllegalArgumentException("factor must be >= 1, got " + factor);
        for (int i = 0; i < windows.size(); i++) {
            if (windows.get(i) == null || windows.get(i) < 1)
                throw new IllegalArgumentException("windows must be >= 1 round each, got " + windows);
            if (i > 0 && windows.get(i) < windows.get(i - 1))
                throw new IllegalArgumentException("list windows shortest first, got " + windows);
        }
        if (intervalMillis < 0) throw new IllegalArgumentException("interval_millis must be >= 0");
        if (defaultPriority < 0 || defaultPriority >= priority) {
            throw new IllegalArgumentException("default_priority must be >= 0 and below priority (%d), got %d"
                    .formatted(priority, defaultPriority));
        }
        if (priority + 32 > 65535)
            throw new IllegalArgumentException("priority must be at most 65503, got " + priority);
        return this;
    }

    public long cookie() {
        return Cookies.cookie(Cookies.OwnerKind.OFFLOAD, id);
    }

    public int[] windowArray() {
        return windows.stream().mapToInt(Integer::intValue).toArray();
    }

    public Map<String, Integer> namedPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        if (inPort != null) ports.put("in_port", inPort);
        ports.put("software_port", softwarePort);
        ports.put("fast_path_port", fastPathPort);
        return ports;
    }
}
