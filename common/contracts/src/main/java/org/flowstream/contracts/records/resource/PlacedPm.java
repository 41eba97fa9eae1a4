package org.flowstream.contracts.records.resource;

import java.util.Map;
import org.flowstream.contracts.records.WireName;

/**
 * A started PM of an allocation: what get_allocation shows, and what the resource daemon stores of it.
 *
 * @param pm          its name in the request
 * @param host        the module host it runs on
 * @param instance    its name on that host (what delete_pm takes)
 * @param switchPorts its ports (p0, ...) to their OpenFlow port numbers on the platform switch
 */
@WireName("a placed PM")
public record PlacedPm(String pm, String host, String instance, Map<String, Integer> switchPorts) {

    public PlacedPm {
        switchPorts = Map.copyOf(switchPorts);
    }

    /** A PM on the platform: instance names are unique per host only (a PM moved by failover keeps its name). */
    public record Key(String host, String instance) {}

    public Key key() {
        return new Key(host, instance);
    }
}
