package org.flowstream.modulehost.net;

import org.flowstream.contracts.records.modulehost.PmPortDescription;

/**
 * One PM port: {@code name} inside the PM (p0, p1, ...), {@code interfaceName} the switch-facing end of its veth
 * pair, {@code ofport} the OpenFlow port number Open vSwitch gave that end, {@code mac} the PM-side MAC address.
 */
public record PmPort(String name, String interfaceName, int ofport, String mac) {

    /** This port as create_pm and list_pms describe it. */
    public PmPortDescription toDescription() {
        return new PmPortDescription(name, interfaceName, ofport, mac);
    }
}
