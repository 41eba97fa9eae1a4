package org.flowstream.resource.hosts;

import java.util.List;

/**
 * A registered module host: where to reach it and what it offers.
 *
 * @param name     unique host name
 * @param url      its module host daemon's XML-RPC URL
 * @param cpuCores cores PMs may use
 * @param memoryMb memory PMs may use
 * @param baseSystems the PM implementations it offers (BASESYS values, e.g. linux.netns)
 * @param up       false once it missed its heartbeats
 * @param lastSeenMillis when it last registered or heartbeated
 */
public record ModuleHost(
        String name,
        String url,
        double cpuCores,
        long memoryMb,
        List<String> switchPorts,
        List<String> baseSystems,
        boolean up,
        long lastSeenMillis) {
    public ModuleHost {
        switchPorts = List.copyOf(switchPorts);
        baseSystems = List.copyOf(baseSystems);
    }

    public ModuleHost seen(long now) {
        return new ModuleHost(name, url, cpuCores, memoryMb, switchPorts, baseSystems, true, now);
    }

    public ModuleHost down() {
        return new ModuleHost(name, url, cpuCores, memoryMb, switchPorts, baseSystems, false, lastSeenMillis);
    }
}
