package org.flowstream.openflow.offloading;

import java.util.List;
import java.util.Map;
import org.flowstream.contracts.records.openflow.OffloadConfig;
import org.flowstream.offload.TfoSelector;
import org.flowstream.openflow.rules.Cookies;

/**
 * The openflow daemon's reading of an {@link OffloadConfig} (the tfo_configure contract): the defaults of what
 * an operator left out, and the checks that refuse what the offload could not run with, naming the field.
 */
public final class OffloadConfigs {

    private OffloadConfigs() {}

    public static OffloadConfig withDefaults(OffloadConfig c) {
        return new OffloadConfig(
                c.id(),
                c.switchName(),
                c.inPort(),
                c.softwarePort(),
                c.fastPathPort(),
                c.capacity() == null ? 1000 : c.capacity(),
                c.factor() == null ? TfoSelector.DEFAULT_FACTOR : c.factor(),
                c.windows() == null || c.windows().isEmpty() ? List.of(3, 30, 180) : List.copyOf(c.windows()),
                c.intervalMillis() == null ? 10_000L : c.intervalMillis(),
                c.priority() == null ? 500 : c.priority(),
                c.defaultPriority() == null ? 10 : c.defaultPriority());
    }

    /** Refuses what the offload cannot run with; call on {@link #withDefaults(OffloadConfig)}. */
    public static OffloadConfig check(OffloadConfig c) {
        if (c.id() == null) throw new IllegalArgumentException("id is required");
        Cookies.cookie(Cookies.OwnerKind.OFFLOAD, c.id());
        if (c.switchName() == null || c.switchName().isBlank())
            throw new IllegalArgumentException("switch_name is required");
        if (c.softwarePort() == null) throw new IllegalArgumentException("software_port is required");
        if (c.fastPathPort() == null) throw new IllegalArgumentException("fast_path_port is required");
        for (Map.Entry<String, Integer> p : c.namedPorts().entrySet()) {
            if (p.getValue() < 1 || p.getValue() > 0xFFFFFF00L)
                throw new IllegalArgumentException("%s %d is not a switch port".formatted(p.getKey(), p.getValue()));
        }
        if (c.softwarePort().equals(c.fastPathPort()))
            throw new IllegalArgumentException("software_port and fast_path_port must differ");
        if (c.capacity() < 0) throw new IllegalArgumentException("capacity must be >= 0, got " + c.capacity());
        if (!(c.factor() >= 1)) throw new IllegalArgumentException("factor must be >= 1, got " + c.factor());
        List<Integer> windows = c.windows();
        for (int i = 0; i < windows.size(); i++) {
            if (windows.get(i) == null || windows.get(i) < 1)
                throw new IllegalArgumentException("windows must be >= 1 round each, got " + windows);
            if (i > 0 && windows.get(i) < windows.get(i - 1))
                throw new IllegalArgumentException("list windows shortest first, got " + windows);
        }
        if (c.intervalMillis() < 0) throw new IllegalArgumentException("interval_millis must be >= 0");
        if (c.defaultPriority() < 0 || c.defaultPriority() >= c.priority()) {
            throw new IllegalArgumentException("default_priority must be >= 0 and below priority (%d), got %d"
                    .formatted(c.priority(), c.defaultPriority()));
        }
        if (c.priority() + 32 > 65535)
            throw new IllegalArgumentException("priority must be at most 65503, got " + c.priority());
        return c;
    }

    /** The cookie the offload's rules carry. */
    public static long cookie(OffloadConfig c) {
        return Cookies.cookie(Cookies.OwnerKind.OFFLOAD, c.id());
    }
}
