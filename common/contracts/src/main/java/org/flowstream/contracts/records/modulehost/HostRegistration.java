package org.flowstream.contracts.records.modulehost;

import java.util.List;
import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/**
 * register_host(host): a module host announces itself to the resource daemon.
 *
 * @param name        the host's name, unique on the platform
 * @param url         where its XML-RPC API listens
 * @param basesys     the base systems it can start PMs in ("linux.netns")
 * @param cpuCores    its CPU capacity
 * @param memoryMb    its memory capacity
 * @param bridge      the Open vSwitch bridge its PM ports join
 * @param switchPorts its ports on the switch
 * @param isolation   how it confines PMs (cgroup v1, v2, jvm)
 *     <p>The PM types it runs are not here: the resource daemon asks its get_pm_info ({@link PmTypeInfo}).
 */
@WireName("register_host's host")
public record HostRegistration(
        String name,
        String url,
        List<String> basesys,
        double cpuCores,
        long memoryMb,
        @MayBeOmitted String bridge,
        List<String> switchPorts,
        @MayBeOmitted String isolation) {}
