package org.flowstream.monitoring.sources;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One PM as its module host reported it in get_load.
 *
 * @param name        the module host's name for the PM, which is the allocation's "instance"
 * @param state       starting, running, failed, ...
 * @param cpuSeconds  CPU time used so far
 * @param memoryBytes memory in use (the cgroup's figure, or the process's resident set)
 * @param ports       the PM's interfaces (p0, p1, ...) with their counters
 */
public record PmSample(
        String name, String state, double cpuSeconds, long memoryBytes, Map<String, PortCounters> ports) {

    public PmSample {
        ports = Map.copyOf(ports);
    }

    static PmSample fromWire(Object value) {
        Map<?, ?> s = Wire.struct(value);
        Map<String, PortCounters> ports = new LinkedHashMap<>();
        Wire.struct(s.get("ports"))
                .forEach((port, counters) -> ports.put(String.valueOf(port), PortCounters.fromWire(counters)));
        long memory = s.containsKey("memory_bytes") ? Wire.count(s, "memory_bytes") : Wire.count(s, "rss_bytes");
        return new PmSample(Wire.text(s, "name"), Wire.text(s, "state"), Wire.number(s, "cpu_seconds"), memory, ports);
    }

    /** All ports added up. */
    public PortCounters total() {
        return ports.values().stream().reduce(PortCounters.ZERO, PortCounters::plus);
    }

    public Map<String, Object> toStruct() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name);
        s.put("state", state);
        s.put("cpu_seconds", cpuSeconds);
        s.put("memory_bytes", memoryBytes);
        Map<String, Object> p = new LinkedHashMap<>();
        new java.util.TreeMap<>(ports).forEach((port, counters) -> p.put(port, counters.toStruct()));
        s.put("ports", p);
        return s;
    }
}
