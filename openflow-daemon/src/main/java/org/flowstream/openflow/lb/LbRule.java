package org.flowstream.openflow.lb;

import org.flowstream.contracts.net.Ipv4Prefix;

/**
 * One switch rule of the load balancer, as a plain description that the openflow daemon's rule
 * manager translates into a flow mod. Fields that are not part of the match are null.
 *
 * @param priority  OpenFlow priority; assigned prefixes sit above the catch-alls
 * @param kind      why the rule exists
 * @param machineId the machine the rule concerns
 * @param match     what the rule matches
 * @param action    what it does
 */
public record LbRule(int priority, Kind kind, String machineId, Match match, Action action) {

    public enum Kind {
        /** Traffic of an assigned prefix towards its machine (two per prefix). */
        PREFIX,
        /** The default machine's low-priority match-everything rules (two in all). */
        CATCH_ALL,
        /** Processed traffic coming back from a machine, out of the side its tag names. */
        RETURN
    }

    /**
     * @param inPort    ingress port
     * @param direction which address {@code prefix} is matched against (null: no IP match)
     * @param prefix    IPv4 prefix on source or destination address (IPv4 ethertype implied)
     * @param vlan      VLAN id to match (null: untagged traffic is not required)
     */
    public record Match(int inPort, Direction direction, Ipv4Prefix prefix, Integer vlan) {}

    /**
     * @param pushVlan   VLAN id to tag the packet with before output (null: none)
     * @param popVlan    strip the VLAN tag before output
     * @param outputPort port to send the packet out of
     */
    public record Action(Integer pushVlan, boolean popVlan, int outputPort) {}
}
