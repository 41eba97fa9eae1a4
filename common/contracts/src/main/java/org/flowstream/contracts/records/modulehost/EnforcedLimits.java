package org.flowstream.contracts.records.modulehost;

import java.util.List;
import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/**
 * The PM struct's {@code limits}: what the operating system enforces on a PM's process. A host with cgroups
 * states the memory cap, the CPU quota per period and the groups it made; one without them ({@code jvm}) only the
 * memory the PM's JVM is capped at, and says in {@code cpu} that the CPU is not.
 *
 * @param mechanism   cgroup-v2, cgroup-v1, or jvm (no cgroups: JVM options and prlimit)
 * @param memoryBytes the memory the PM may use
 * @param cpuQuotaUs  CPU time per period it may use (cgroups only)
 * @param cpuPeriodUs the period of that quota (cgroups only)
 * @param cgroups     the groups its process runs in (cgroups only)
 * @param cpu         why its CPU is not capped (jvm only)
 */
@WireName("a PM's limits")
public record EnforcedLimits(
        String mechanism,
        long memoryBytes,
        @MayBeOmitted Long cpuQuotaUs,
        @MayBeOmitted Long cpuPeriodUs,
        @MayBeOmitted List<String> cgroups,
        @MayBeOmitted String cpu) {}
