package org.flowstream.contracts.records.modulehost;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.flowstream.contracts.records.WireName;

/**
 * One port of a PM, in create_pm's answer and list_pms.
 *
 * @param name          its name inside the PM (p0, p1, ...)
 * @param interfaceName the switch-facing end of its veth pair (the documented key is {@code interface})
 * @param ofport        the OpenFlow port number Open vSwitch gave that end
 * @param mac           the PM-side MAC address
 */
@WireName("a PM port")
public record PmPortDescription(
        String name, @JsonProperty("interface") String interfaceName, int ofport, String mac) {}
