package org.flowstream.balancer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.net.Ipv4Prefix;

/**
 * One switch rule of the load balancer, as a plain description that the openflow daemon's rule
 * manager translates into a flow mod. Fields that are not part of the match are null.
 *
 * @param priority  OpenFlow priority; assigned prefixes sit above the catch-alls
 * @param kind      why the rule exists
 * @param machineName the machine the rule concerns
 * @param match     what the rule matches
 * @param action    what it does
 */
public record BalancerRule(int priority, Kind kind, String machineName, Match match, Action action) {

    public static final int PREFIX_PRIORITY = 200;
    public static final int CATCH_ALL_PRIORITY = 100;
    public static final int RETURN_PRIORITY = 300;

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

    /**
     * The rules of §2.2.6 for an assignment: two per assigned prefix (source side matched on source address
     * and tagged VLAN_SRC, destination side matched on destination address and tagged VLAN_DST), the same two
     * as low-priority catch-alls (0.0.0.0/0) for the default machine, and per machine two return rules that
     * send a processed packet, by its tag, out of the matching outside port.
     */
    public static List<BalancerRule> of(Assignment assignment, List<Machine> machines, BalancerTopology topo) {
        Map<String, Machine> byName = new HashMap<>();
        for (Machine m : machines) byName.put(m.name(), m);
        List<BalancerRule> rules = new ArrayList<>();
        for (Map.Entry<Ipv4Prefix, String> e : assignment.prefixes().entrySet()) {
            Machine m = machine(byName, e.getValue());
            addPair(rules, PREFIX_PRIORITY, BalancerRule.Kind.PREFIX, m, e.getKey(), topo);
        }
        addPair(
                rules,
                CATCH_ALL_PRIORITY,
                BalancerRule.Kind.CATCH_ALL,
                machine(byName, assignment.defaultMachine()),
                Ipv4Prefix.ROOT,
                topo);
        for (Machine m : machines) {
            // A machine sends a packet back tagged with the side it must leave by (§2.2.6 step iii).
            rules.add(new BalancerRule(
                    RETURN_PRIORITY,
                    BalancerRule.Kind.RETURN,
                    m.name(),
                    new BalancerRule.Match(m.port(), null, null, topo.vlanDst()),
                    new BalancerRule.Action(null, true, topo.destinationSidePort())));
            rules.add(new BalancerRule(
                    RETURN_PRIORITY,
                    BalancerRule.Kind.RETURN,
                    m.name(),
                    new BalancerRule.Match(m.port(), null, null, topo.vlanSrc()),
                    new BalancerRule.Action(null, true, topo.sourceSidePort())));
        }
        return rules;
    }

    private static Machine machine(Map<String, Machine> byName, String name) {
        Machine m = byName.get(name);
        if (m == null) throw new IllegalArgumentException("assignment names unknown machine " + name);
        return m;
    }

    private static void addPair(
            List<BalancerRule> rules,
            int priority,
            BalancerRule.Kind kind,
            Machine m,
            Ipv4Prefix p,
            BalancerTopology topo) {
        rules.add(new BalancerRule(
                priority,
                kind,
                m.name(),
                new BalancerRule.Match(topo.sourceSidePort(), Direction.SOURCE, p, null),
                new BalancerRule.Action(topo.vlanSrc(), false, m.port())));
        rules.add(new BalancerRule(
                priority,
                kind,
                m.name(),
                new BalancerRule.Match(topo.destinationSidePort(), Direction.DESTINATION, p, null),
                new BalancerRule.Action(topo.vlanDst(), false, m.port())));
    }
}
