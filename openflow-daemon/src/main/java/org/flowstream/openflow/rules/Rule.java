package org.flowstream.openflow.rules;

import java.util.List;
import org.flowstream.contracts.match.Match;
import org.flowstream.contracts.match.MatchField;
import org.flowstream.contracts.records.openflow.RuleListing;

/**
 * One rule the daemon wants on a switch: where (table), how specific (priority), what (match), what to do
 * (actions) and whose it is (cookie, see {@link Cookies}). Two rules with the same {@link #key()} cannot
 * both exist in a switch: the switch keeps one per table, priority and match.
 */
public record Rule(int table, int priority, Match match, List<String> actions, long cookie) {

    public Rule {
        if (table < 0 || table > 254) {
            throw new IllegalArgumentException("table %d is out of range 0 to 254".formatted(table));
        }
        if (priority < 0 || priority > 65535) {
            throw new IllegalArgumentException("priority %d is out of range 0 to 65535".formatted(priority));
        }
        actions = List.copyOf(actions);
    }

    public static Rule of(int table, int priority, String match, List<String> actions, long cookie) {
        return new Rule(table, priority, Match.parse(match), FlowActions.parse(actions), cookie);
    }

    /** The switch's identity of a rule. */
    public record Key(int table, int priority, Match match) {
        @Override
        public String toString() {
            return "table=%d,priority=%d,%s".formatted(table, priority, match);
        }
    }

    public Key key() {
        return new Key(table, priority, match);
    }

    /** Whether matching packets carry a VLAN tag already (decides push or set in 1.3). */
    public boolean matchesTagged() {
        return match.get(MatchField.DL_VLAN)
                        .filter(v -> v.value() != MatchField.UNTAGGED)
                        .isPresent()
                || match.has(MatchField.DL_VLAN_PCP);
    }

    /** The rule as list_rules and create_connections answer it. */
    public RuleListing toListing() {
        return new RuleListing(
                table,
                priority,
                match.toString(),
                String.join(",", actions.isEmpty() ? List.of("drop") : actions),
                Cookies.hex(cookie),
                Cookies.describe(cookie));
    }

    @Override
    public String toString() {
        return "cookie=%s,table=%d,priority=%d,%s actions=%s"
                .formatted(
                        Cookies.hex(cookie),
                        table,
                        priority,
                        match,
                        actions.isEmpty() ? "drop" : String.join(",", actions));
    }
}
