package org.flowstream.contracts.records.openflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/**
 * What an operator configures for one TFO offload (§2.4) on one switch: all IPv4 traffic entering on
 * {@code in_port} (any port when absent) goes to the software path by default; the heavy-hitter destination
 * prefixes TFO selects get a forwarding rule to the fast path instead. It is tfo_configure's request and what
 * the openflow daemon saves; the daemon fills the values left out with their defaults and refuses what the
 * offload could not run with ({@code openflow.offloading.OffloadConfigs}).
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
@WireName("tfo_configure's config")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class) // also the daemon's saved file
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OffloadConfig(
        Long id,
        String switchName,
        @MayBeOmitted Integer inPort,
        Integer softwarePort,
        Integer fastPathPort,
        @MayBeOmitted Integer capacity,
        @MayBeOmitted Double factor,
        @MayBeOmitted List<Integer> windows,
        @MayBeOmitted Long intervalMillis,
        @MayBeOmitted Integer priority,
        @MayBeOmitted Integer defaultPriority) {

    public int[] windowArray() {
        return windows.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Every port the configuration names, by its key, for checking them against the switch. */
    public Map<String, Integer> namedPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        if (inPort != null) ports.put("in_port", inPort);
        ports.put("software_port", softwarePort);
        ports.put("fast_path_port", fastPathPort);
        return ports;
    }
}
