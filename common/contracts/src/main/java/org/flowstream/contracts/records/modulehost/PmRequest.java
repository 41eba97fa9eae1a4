package org.flowstream.contracts.records.modulehost;

import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/**
 * create_pm(pm): the PM a module host is asked to start. The module host checks the values (name pattern,
 * configuration, limits) and fills in its defaults for what is left out.
 *
 * @param name       1 to 40 of [A-Za-z0-9_-], unique on the host
 * @param config     the element graph in Click's language
 * @param ports      how many interfaces (p0, p1, ...); absent: the highest pN the graph uses, plus one
 * @param memoryMb   its memory limit; absent: the host's default
 * @param cpuPercent its CPU limit, 100 = one core; absent: the host's default
 * @param basesys    the base system to start it in; absent: linux.netns
 */
@WireName("create_pm's pm")
public record PmRequest(
        String name,
        String config,
        @MayBeOmitted Integer ports,
        @MayBeOmitted Integer memoryMb,
        @MayBeOmitted Integer cpuPercent,
        @MayBeOmitted String basesys) {}
