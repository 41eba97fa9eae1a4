package org.flowstream.contracts.records.openflow;

import java.util.List;
import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/**
 * One path of a wiring: the traffic entering at {@code fromPort} that matches {@code match}, through the PMs in
 * order, out of {@code toPort}.
 *
 * @param match    ovs-ofctl syntax without in_port, dl_vlan or dl_vlan_pcp (those are the daemon's)
 * @param fromPort the FromNet's switch port
 * @param toPort   the ToNet's switch port
 * @param pms      the PMs on the way, in order; none: straight from port to port
 */
@WireName("a wiring path")
public record WiringPath(
        String match,
        long fromPort,
        long toPort,
        @MayBeOmitted List<WiringHop> pms) {}
