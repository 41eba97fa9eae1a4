package org.flowstream.contracts.records.resource;

import java.util.List;
import org.flowstream.contracts.records.WireName;

/**
 * One module host of list_hosts, as the resource daemon knows it.
 *
 * @param up         false once it missed its heartbeats
 * @param lastSeenMs when it last registered or heartbeated (milliseconds since the epoch)
 */
@WireName("a list_hosts row")
public record HostListing(
        String name,
        String url,
        double cpuCores,
        long memoryMb,
        List<String> switchPorts,
        List<String> basesys,
        boolean up,
        long lastSeenMs) {}
