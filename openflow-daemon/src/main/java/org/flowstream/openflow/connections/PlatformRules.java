package org.flowstream.openflow.connections;

import java.util.List;
import org.flowstream.contracts.match.Match;
import org.flowstream.contracts.match.MatchField;
import org.flowstream.openflow.rules.Cookies;
import org.flowstream.openflow.rules.Rule;
import org.flowstream.openflow.rules.RuleManager;

/**
 * The rules the platform keeps on every switch, whatever is installed there (docs/openflow-daemon.md, "Platform
 * rules"): today one, which drops every frame of the daisy chain's EtherType (0x88B5) in table 0, above every
 * allocation's wiring, offload and balancer and below a move's daisy paths ({@link DaisyPathRules}). A PM takes such
 * a frame as daisy-chained from another PM (it skips the elements in front of the one its tag names) or as an
 * acknowledgement (the old PM forgets its copies), so one a tenant sends, or anyone who reaches a tenant's
 * addresses, must reach no PM: only the old PM's ports on a move's daisy paths may send them.
 *
 * <p>They are owned by their own cookie kind ({@link Cookies.OwnerKind#PLATFORM}), put in the desired state of each
 * switch when it connects, before its reconciliation ({@link RuleManager#onEverySwitch}): a new switch has them from
 * its first reconciliation on, a daemon restarted on its saved rules keeps them, and they are never removed.
 */
public final class PlatformRules {

    /** The owner of the platform's rules. */
    public static final long COOKIE = Cookies.cookie(Cookies.OwnerKind.PLATFORM, 0);

    /** Just below a move's daisy paths; every allocation's wiring is below it ({@link Wiring}). */
    public static final int DAISY_DROP_PRIORITY = DaisyPathRules.PRIORITY - 1;

    /** Packets enter a switch in table 0, and the platform's rules send none on to another table. */
    private static final int ENTRY_TABLE = 0;

    private PlatformRules() {}

    /** The platform's rules for any switch. */
    public static List<Rule> rules() {
        return List.of(new Rule(
                ENTRY_TABLE,
                DAISY_DROP_PRIORITY,
                Match.ALL.with(MatchField.DL_TYPE, DaisyPathRules.DAISY_ETHERTYPE),
                List.of(), // no action: dropped
                COOKIE));
    }

    /** Every switch that connects to {@code rules}' daemon from now on gets the platform's rules. */
    public static void keepOnEverySwitch(RuleManager rules) {
        rules.onEverySwitch(rules());
    }
}
