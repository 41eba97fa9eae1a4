package org.flowstream.contracts.records.modulehost;

import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/**
 * The PM struct's {@code usage}: what a PM's process uses, as its module host measures it (from /proc and its
 * cgroup). A figure the host cannot read (no cgroup, the process just ended) is left out. get_load carries the
 * same figures flat in each {@link PmLoad}.
 *
 * @param cpuSeconds          CPU time the process used so far
 * @param rssBytes            its resident set
 * @param memoryBytes         the memory its cgroup charges
 * @param cpuThrottledPeriods how often the CPU quota stopped it
 */
@WireName("a PM's usage")
public record PmUsage(
        @MayBeOmitted Double cpuSeconds,
        @MayBeOmitted Long rssBytes,
        @MayBeOmitted Long memoryBytes,
        @MayBeOmitted Long cpuThrottledPeriods) {

    /** Nothing measured: the PM has no process (yet, or any more). */
    public static final PmUsage NONE = new PmUsage(null, null, null, null);
}
