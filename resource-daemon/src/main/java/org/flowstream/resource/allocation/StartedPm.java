package org.flowstream.resource.allocation;

import java.util.Map;

/**
 * One started PM of an allocation: where it runs and which switch ports its PM ports got.
 *
 * @param pm       the PM's (flattened) name in the request
 * @param host     the module host it runs on
 * @param instance the module host's id for it (what delete_pm takes)
 * @param ports    PM port ("in0", "out1", ...) to OpenFlow port number on the platform switch
 */
public record StartedPm(String pm, String host, String instance, Map<String, Integer> ports) {
    public StartedPm {
        ports = Map.copyOf(ports);
    }

    /** A PM on the platform: instance names are unique per host only (a PM moved by failover keeps its name). */
    public record Key(String host, String instance) {}

    public Key key() {
        return new Key(host, instance);
    }
}
