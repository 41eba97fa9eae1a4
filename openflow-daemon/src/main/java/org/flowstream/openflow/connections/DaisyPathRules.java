package org.flowstream.openflow.connections;

import java.util.List;
import org.flowstream.contracts.match.Match;
import org.flowstream.contracts.match.MatchField;
import org.flowstream.contracts.records.openflow.DaisyPaths;
import org.flowstream.openflow.rules.Cookies;
import org.flowstream.openflow.rules.Rule;
import org.flowstream.openflow.rules.RuleManager;

/**
 * The rule set a phased move owns (docs/migration.md, "The daisy chain between real PMs"): while the old instance
 * of a PM daisy-chains the packets it keeps no state for, each of its ports' tagged frames (EtherType 0x88B5) goes
 * straight to the same port of the new instance. The rules sit above any allocation's wiring, whose rule for the
 * old instance's output port would otherwise carry them on along the allocation's path. Owned by the allocation's
 * id under their own cookie kind ({@link Cookies.OwnerKind#MOVE}), so the allocation's wiring, replaced whole at
 * the move's rewire, leaves them alone, and the move removes them after its hand-over or abort.
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
        return paths.paths().isEmpty()
                ? rules.removeOwner(paths.switchName(), cookie)
                : rules.setOwnerRules(paths.switchName(), cookie, rulesFor(paths, cookie));
    }

    static List<Rule> rulesFor(DaisyPaths paths, long cookie) {
        return paths.paths().stream()
                .map(p -> new Rule(
                        paths.tableId(),
                        PRIORITY,
                        Match.ALL.with(MatchField.IN_PORT, p.fromPort()).with(MatchField.DL_TYPE, DAISY_ETHERTYPE),
                        List.of("output:" + p.toPort()),
                        cookie))
                .toList();
    }
}
