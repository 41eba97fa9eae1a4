package org.flowstream.openflow.channel;

import org.flowstream.contracts.records.openflow.SwitchPortListing;
import org.projectfloodlight.openflow.protocol.OFPortConfig;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortState;

/** A switch port as the switch described it. */
public record PortInfo(int number, String name, String mac, boolean up) {

    /** OFPP_LOCAL, the bridge's own port (named after the bridge in Open vSwitch). */
    public static final int LOCAL = 0xfffffffe;

    static PortInfo of(OFPortDesc desc) {
        boolean down = desc.getConfig().contains(OFPortConfig.PORT_DOWN)
                || desc.getState().contains(OFPortState.LINK_DOWN);
        return new PortInfo(
                desc.getPortNo().getPortNumber(),
                desc.getName(),
                desc.getHwAddr().toString(),
                !down);
    }

    public SwitchPortListing toListing() {
        return new SwitchPortListing(number == LOCAL ? "LOCAL" : String.valueOf(number), name, mac, up);
    }
}
