package org.flowstream.openflow.balancing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.balancer.BalancerRule;
import org.flowstream.balancer.Direction;
import org.flowstream.contracts.match.Match;
import org.flowstream.contracts.match.MatchField;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.flowstream.openflow.rules.FlowActions;
import org.flowstream.openflow.rules.Rule;

/**
 * Turns the balancer's rule descriptions ({@link BalancerRule}, §2.2.6) into the rule manager's {@link Rule}s,
 * all owned by one cookie, and remembers which description each rule came from so that the switch's
 * per-rule counters can be read back as per-prefix load.
 */
public final class BalancerFlowRules {

    /** OpenFlow table of the balancer's rules. */
    public static final int TABLE = 0;

    private final Map<Rule.Key, BalancerRule> origin = new LinkedHashMap<>();
    private final List<Rule> rules = new ArrayList<>();

    public BalancerFlowRules(List<BalancerRule> described, long cookie) {
        for (BalancerRule d : described) {
            Rule r = new Rule(TABLE, d.priority(), match(d.match()), actions(d.action()), cookie);
            rules.add(r);
            origin.put(r.key(), d);
        }
    }

    public List<Rule> rules() {
        return List.copyOf(rules);
    }

    /** The description a switch rule with this key came from, or null when it is not one of these rules. */
    public BalancerRule origin(Rule.Key key) {
        return origin.get(key);
    }

    static Match match(BalancerRule.Match m) {
        Match match = Match.ALL.with(MatchField.IN_PORT, m.inPort());
        if (m.vlan() != null) {
            match = match.with(MatchField.DL_VLAN, m.vlan());
        }
        if (m.prefix() != null) {
            // The prefix rules carry IPv4 traffic only; /0 is every IPv4 address and needs no address field.
            String field = m.direction() == Direction.SOURCE ? "nw_src" : "nw_dst";
            Ipv4Prefix p = m.prefix();
            String text = p.length() == 0 ? "ip," + match : "ip,%s,%s=%s".formatted(match, field, p);
            match = Match.parse(text);
        }
        return match;
    }

    static List<String> actions(BalancerRule.Action a) {
        List<String> out = new ArrayList<>();
        if (a.popVlan()) out.add("strip_vlan");
        if (a.pushVlan() != null) out.add("mod_vlan_vid:" + a.pushVlan());
        out.add("output:" + a.outputPort());
        return FlowActions.parse(out);
    }
}
