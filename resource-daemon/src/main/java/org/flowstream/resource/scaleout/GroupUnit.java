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

    /** The pm_flows filter of the unit's flows. */
    public String filter() {
        return "inside " + inside;
    }

    @Override
    public String toString() {
        return inside + " (" + external + ")";
    }
}
