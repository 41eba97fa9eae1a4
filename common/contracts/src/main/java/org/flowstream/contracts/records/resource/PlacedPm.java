package org.flowstream.contracts.records.resource;

import java.util.Map;
import org.flowstream.contracts.records.WireName;

/**
 * A started PM of an allocation.
 *
 * @param pm          its name in the request
 * @param host        the module host it runs on
 * @param instance    its name on that host
 * @param switchPorts its ports (p0, ...) to their OpenFlow port numbers
 */
@WireName("a placed PM")
public record PlacedPm(String pm, String host, String instance, Map<String, Integer> switchPorts) {}
