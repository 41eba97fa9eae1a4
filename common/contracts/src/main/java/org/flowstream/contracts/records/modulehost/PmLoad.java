package org.flowstream.contracts.records.modulehost;

import java.util.Map;
import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/**
 * One PM in get_load. Usage figures are left out when the host cannot read them (no process yet, no cgroup).
 *
 * @param state               starting, running, stopping, failed
 * @param cpuSeconds          CPU time the PM's process used so far
 * @param memoryBytes         memory its cgroup charges
 * @param rssBytes            its process's resident set
 * @param cpuThrottledPeriods how often the CPU quota stopped it
 * @param ports               its interfaces (p0, p1, ...) with their counters
 */
@WireName("a PM's load")
public record PmLoad(
        String name,
        String state,
        @MayBeOmitted Double cpuSeconds,
        @MayBeOmitted Long memoryBytes,
        @MayBeOmitted Long rssBytes,
        @MayBeOmitted Long cpuThrottledPeriods,
        @MayBeOmitted Map<String, PortCounters> ports) {}
