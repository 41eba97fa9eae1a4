package org.flowstream.contracts.records.modulehost;

import java.util.List;
import java.util.Map;
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
 * @param pmTypes     the PM types it offers, as get_pm_info describes them; absent: ask get_pm_info
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
        @MayBeOmitted String isolation,
        @MayBeOmitted List<Map<String, Object>> pmTypes) {}
