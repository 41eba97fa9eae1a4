package org.flowstream.resource.scaleout;

import org.flowstream.contracts.net.Ipv4Address;
import org.flowstream.contracts.net.Ipv4Prefix;

/**
 * The part of a NAT group's traffic that moves between instances as a whole (docs/migration.md, "Scale-out"): an
 * inside prefix and the external address every flow of it uses ({@code IPRewriter}'s {@code PAIR_PREFIX}). The
 * switch sends the inside prefix's traffic and the external address's return traffic to the instance that owns the
 * unit, and {@link #filter()} selects exactly its flows' state.
 */
public record GroupUnit(Ipv4Prefix inside, Ipv4Address external) {

    /**
     * The pm_flows filter of the unit's flows: its external address. With the NAT's PAIR_PREFIX the flows of the
     * external address are exactly those of the inside prefix, and the address is what every packet of the unit
     * shows the NAT even without a mapping there: a new flow's inside packet (the address it would pair with) and a
     * return packet whose mapping has moved (it carries no inside endpoint). So a phased move daisy-chains a batch's
     * return traffic to the new member, where {@code inside P} would let the old member drop it as unsolicited.
     */
    public String filter() {
        return "external " + external;
    }

    @Override
    public String toString() {
        return inside + " (" + external + ")";
    }
}
