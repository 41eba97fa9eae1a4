package org.flowstream.contracts.records.openflow;

import java.util.List;
import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/**
 * One item of list_switches: a switch connected now or holding desired rules. The connection's fields are left
 * out for a switch that holds rules but is not connected.
 *
 * @param dpid           its datapath id ("" before the handshake)
 * @param version        the OpenFlow version it speaks (OF_13, OF_10)
 * @param remote         where it connected from
 * @param connectedSince when it connected (ISO-8601)
 * @param ports          its ports as it described them
 * @param desiredRules   how many rules the daemon keeps on it
 * @param lastReconcile  the last reconciliation, once there was one
 */
@WireName("a list_switches item")
public record SwitchListing(
        String name,
        @MayBeOmitted String dpid,
        @MayBeOmitted String version,
        @MayBeOmitted String remote,
        boolean connected,
        @MayBeOmitted String connectedSince,
        @MayBeOmitted List<SwitchPortListing> ports,
        int desiredRules,
        @MayBeOmitted ReconcileSummary lastReconcile) {}
