package org.flowstream.monitoring.sources;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.flowstream.contracts.records.modulehost.PmLoad;
import org.flowstream.contracts.records.modulehost.PortCounters;

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
        ports = Collections.unmodifiableMap(new TreeMap<>(ports)); // by name, as get_history lists them
    }

    /** A PM of get_load; its memory is the cgroup's figure where the host has one, else the resident set. */
    static PmSample of(PmLoad pm) {
        Map<String, PortCounters> ports = pm.ports() == null ? Map.of() : pm.ports();
        Long memory = pm.memoryBytes() != null ? pm.memoryBytes() : pm.rssBytes();
        return new PmSample(
                pm.name(),
                pm.state(),
                pm.cpuSeconds() == null ? 0 : pm.cpuSeconds(),
                memory == null ? 0 : memory,
                ports);
    }

    /** All ports added up. */
    public PortCounters total() {
        return ports.values().stream().reduce(PortCounters.ZERO, PortCounters::plus);
    }
}
