package org.flowstream.openflow.lb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.net.Ipv4Prefix;

/**
 * Rules of §2.2.6 for an assignment: two per assigned prefix (source side matched on source
 * address and tagged VLAN_SRC, destination side matched on destination address and tagged
 * VLAN_DST), the same two as low-priority catch-alls (0.0.0.0/0) for the default machine, and per
 * machine two return rules that send a processed packet, by its tag, out of the matching outside port.
 */
public final class LbRules {

    public static final int PREFIX_PRIORITY = 200;
    public static final int CATCH_ALL_PRIORITY = 100;
    public static final int RETURN_PRIORITY = 300;

    private LbRules() {}

    public static List<LbRule> of(Assignment assignment, List<Machine> machines, LbTopology topo) {
        Map<String, Machine> byId = new HashMap<>();
        for (Machine m : machines) byId.put(m.id(), m);
        List<LbRule> rules = new ArrayList<>();
        for (Map.Entry<Ipv4Prefix, String> e : assignment.prefixes().entrySet()) {
            Machine m = machine(byId, e.getValue());
            addPair(rules, PREFIX_PRIORITY, LbRule.Kind.PREFIX, m, e.getKey(), topo);
        }
        addPair(
                rules,
                CATCH_ALL_PRIORITY,
                LbRule.Kind.CATCH_ALL,
                machine(byId, assignment.defaultMachine()),
                Ipv4Prefix.ROOT,
                topo);
        for (Machine m : machines) {
            // A machine sends a packet back tagged with the side it must leave by (§2.2.6 step iii).
            rules.add(new LbRule(
                    RETURN_PRIORITY,
                    LbRule.Kind.RETURN,
                    m.id(),
                    new LbRule.Match(m.port(), null, null, topo.vlanDst()),
                    new LbRule.Action(null, true, topo.destinationSidePort())));
            rules.add(new LbRule(
                    RETURN_PRIORITY,
                    LbRule.Kind.RETURN,
                    m.id(),
                    new LbRule.Match(m.port(), null, null, topo.vlanSrc()),
                    new LbRule.Action(null, true, topo.sourceSidePort())));
        }
        return rules;
    }

    private static Machine machine(Map<String, Machine> byId, String id) {
        Machine m = byId.get(id);
        if (m == null) throw new IllegalArgumentException("assignment names unknown machine " + id);
        return m;
    }

    private static void addPair(
            List<LbRule> rules, int priority, LbRule.Kind kind, Machine m, Ipv4Prefix p, LbTopology topo) {
        rules.add(new LbRule(
                priority,
                kind,
                m.id(),
                new LbRule.Match(topo.sourceSidePort(), Direction.SOURCE, p, null),
                new LbRule.Action(topo.vlanSrc(), false, m.port())));
        rules.add(new LbRule(
                priority,
                kind,
                m.id(),
                new LbRule.Match(topo.destinationSidePort(), Direction.DESTINATION, p, null),
                new LbRule.Action(topo.vlanDst(), false, m.port())));
    }
}
