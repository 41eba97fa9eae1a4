package org.flowstream.openflow.connections;

import java.util.ArrayList;
import java.util.List;
import org.flowstream.contracts.match.Match;
import org.flowstream.contracts.match.MatchField;
import org.flowstream.contracts.records.openflow.DaisyPaths;
import org.flowstream.openflow.rules.Cookies;
import org.flowstream.openflow.rules.Rule;
import org.flowstream.openflow.rules.RuleManager;

/**
 * The rule set a phased move owns (docs/migration.md, "A phased migrate_flows"), two kinds of rules for the time
 * the old and the new instance of a PM both process its flows:
 *
 * <ul>
 *   <li><b>daisy paths</b>: each of the old instance's ports' daisy-chained frames (EtherType 0x88B5) go straight to
 *       the same port of the new instance, above any allocation's wiring (whose rule for the old instance's output
 *       port would otherwise carry them on along the allocation's path), and the new instance's acknowledgements of
 *       them (the same EtherType) go straight back: the old instance keeps a copy of each daisy-chained frame until
 *       it is acknowledged, and processes the rest itself if the new instance dies;
 *   <li><b>the new instance's way out</b>: what the new instance sends out of port pK goes where the allocation's
 *       wiring takes what the old one sends out of pK (a copy of each allocation rule on an old port, on the new
 *       port, one priority lower, so the allocation's own rule for the new port, installed at the rewire, wins and
 *       does not collide with it). Without it, packets the new instance processes before the rewire (daisy-chained
 *       ones, a batch's held ones) would have no rule to leave by.
 * </ul>
 *
 * Owned by the allocation's id under their own cookie kind ({@link Cookies.OwnerKind#MOVE}), so the allocation's
 * wiring, replaced whole at the move's rewire, leaves them alone; the move removes them after its hand-over or
 * abort.
 */
public final class DaisyPathRules {

    /** The EtherType of a daisy-chained frame's tag (IEEE 802's local experimental type; runtime.DaisyFrames). */
    public static final int DAISY_ETHERTYPE = 0x88B5;

    /** Above the allocations' wiring (default 1000) and their offloads; below nothing the platform installs. */
    public static final int PRIORITY = 65_000;

    private DaisyPathRules() {}

    /** Makes the move's rules on the switch exactly {@code paths}' (none: removes them). */
    public static RuleManager.ChangeResult apply(RuleManager rules, DaisyPaths paths) throws Exception {
        long cookie = Cookies.cookie(Cookies.OwnerKind.MOVE, paths.allocId());
        if (paths.paths().isEmpty()) {
            return rules.removeOwner(paths.switchName(), cookie);
        }
        List<Rule> wiring = rules.rules(paths.switchName(), r -> r.cookie() == Cookies.allocation(paths.allocId()));
        return rules.setOwnerRules(paths.switchName(), cookie, rulesFor(paths, wiring, cookie));
    }

    static List<Rule> rulesFor(DaisyPaths paths, List<Rule> wiring, long cookie) {
        List<Rule> out = new ArrayList<>();
        for (DaisyPaths.DaisyPath p : paths.paths()) {
            out.add(new Rule(
                    paths.tableId(),
                    PRIORITY,
                    Match.ALL.with(MatchField.IN_PORT, p.fromPort()).with(MatchField.DL_TYPE, DAISY_ETHERTYPE),
                    List.of("output:" + p.toPort()),
                    cookie));
            out.add(new Rule(
                    paths.tableId(),
                    PRIORITY,
                    Match.ALL.with(MatchField.IN_PORT, p.toPort()).with(MatchField.DL_TYPE, DAISY_ETHERTYPE),
                    List.of("output:" + p.fromPort()),
                    cookie));
            for (Rule r : wiring) {
                boolean fromOldPort = r.match()
                        .get(MatchField.IN_PORT)
                        .map(v -> v.value() == p.fromPort())
                        .orElse(false);
                if (fromOldPort && r.table() == paths.tableId()) {
                    out.add(new Rule(
                            r.table(),
                            Math.max(0, r.priority() - 1),
                            r.match().with(MatchField.IN_PORT, p.toPort()),
                            r.actions(),
                            cookie));
                }
            }
        }
        return out;
    }
}
