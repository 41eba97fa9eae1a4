package org.flowstream.contracts.records.modulehost;

import java.util.List;
import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/**
 * The PM struct: create_pm's answer (without stats and usage) and each item of list_pms (with them). What only
 * a started process has (pid, namespace, ports, limits) is left out while the PM has none.
 *
 * @param id         the host's id for it (its interfaces are named after it)
 * @param state      starting, running, stopping, failed
 * @param created    when the host was asked for it (ISO-8601)
 * @param namespace  where its process runs (a network namespace's name)
 * @param limits     what the operating system enforces on its process
 * @param exitCode   its process's exit code, once it failed
 * @param failure    why it failed, in words, once it failed
 * @param stats      its own counters (list_pms only)
 * @param usage      what it uses, as the host measures it (list_pms only)
 */
@WireName("a PM struct")
public record PmDescription(
        String name,
        String id,
        String basesys,
        String state,
        String created,
        @MayBeOmitted Integer pid,
        @MayBeOmitted String namespace,
        @MayBeOmitted List<PmPortDescription> ports,
        @MayBeOmitted EnforcedLimits limits,
        int memoryMb,
        int cpuPercent,
        @MayBeOmitted Integer exitCode,
        @MayBeOmitted String failure,
        @MayBeOmitted PmStats stats,
        @MayBeOmitted PmUsage usage) {}
