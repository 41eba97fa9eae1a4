package org.flowstream.openflow.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule manager's own logic (change, undo, reconciliation) against in-memory switches. The same behaviour on
 * a real Open vSwitch is in OpenflowDaemonOvsTest and on a scripted TCP switch in TcpFakeSwitchTest.
 */
class RuleManagerTest {

    static final long ALICE = Cookies.cookie(Cookies.OwnerKind.ALLOCATION, 1);
    static final long BOB = Cookies.cookie(Cookies.OwnerKind.ALLOCATION, 2);
    static final long FOREIGN = 0x1234; // no Flowstream signature: someone else's rule

    @TempDir
    Path dir;

    private final InMemorySwitches switches = new InMemorySwitches();
    private final InMemorySwitch s1 = new InMemorySwitch("s1");
    private RuleManager rules;

    @BeforeEach
    void start() throws InterruptedException {
        rules = new RuleManager(switches, store());
        switches.connect(s1);
        awaitReconciled("s1", null);
    }

    @AfterEach
    void stop() {
        rules.close();
    }

    private RuleStore store() {
        return new RuleStore(dir.resolve("rules.json"));
    }

    static Rule rule(int priority, String match, String action, long cookie) {
        return Rule.of(0, priority, match, List.of(action), cookie);
    }

    @Test
    void addsModifiesAndDeletesOnTheSwitchAndInTheStore() throws Exception {
        Rule web = rule(100, "tcp,tp_dst=80", "output:2", ALICE);
        Rule dns = rule(100, "udp,tp_dst=53", "output:3", ALICE);
        RuleManager.ChangeResult added = rules.setOwnerRules("s1", ALICE, List.of(web, dns));
        assertThat(added.applied()).isTrue();
        assertThat(added.added()).isEqualTo(2);
        assertThat(s1.table().values()).containsExactlyInAnyOrder(web, dns);

        Rule webElsewhere = rule(100, "tcp,tp_dst=80", "output:4", ALICE);
        RuleManager.ChangeResult modified = rules.setOwnerRules("s1", ALICE, List.of(webElsewhere));
        assertThat(modified.added()).isEqualTo(1);
        assertThat(modified.removed()).isEqualTo(1);
        assertThat(s1.table().values()).containsExactly(webElsewhere);
        assertThat(store().load()).isEqualTo(Map.of("s1", List.of(webElsewhere)));

        assertThat(rules.setOwnerRules("s1", ALICE, List.of(webElsewhere)).message())
                .isEqualTo("nothing to change");
        rules.removeOwner("s1", ALICE);
        assertThat(s1.table()).isEmpty();
        assertThat(rules.rules("s1")).isEmpty();
        assertThat(store().load()).isEmpty();
    }

    @Test
    void aChangeTheSwitchPartlyRefusesIsUndoneOnTheSwitchAndInTheStore() throws Exception {
        Rule kept = rule(100, "ip,nw_dst=10.0.0.1", "output:1", ALICE);
        rules.setOwnerRules("s1", ALICE, List.of(kept));

        Rule fine = rule(100, "ip,nw_dst=10.0.0.2", "output:2", ALICE);
        Rule refused = rule(100, "ip,nw_dst=10.0.0.3", "output:9", ALICE);
        s1.refuse(r -> r.equals(refused));
        // one batch: delete kept, add fine (goes in on the switch), add refused (refused)
        assertThatThrownBy(() -> rules.change("s1", List.of(fine, refused), List.of(kept)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("nothing changed: switch s1 refused 1 message: BAD_ACTION for");

        assertThat(rules.rules("s1")).containsExactly(kept);
        assertThat(s1.table().values())
                .as("the half that went through is taken back")
                .containsExactly(kept);
        assertThat(store().load()).isEqualTo(Map.of("s1", List.of(kept)));
    }

    @Test
    void aKeyAnotherOwnerHoldsIsRefusedBeforeAnythingIsSent() throws Exception {
        Rule alices = rule(100, "ip,nw_dst=10.0.0.1", "output:1", ALICE);
        rules.setOwnerRules("s1", ALICE, List.of(alices));
        int batches = s1.batches;
        assertThatThrownBy(
                        () -> rules.setOwnerRules("s1", BOB, List.of(rule(100, "ip,nw_dst=10.0.0.1", "output:2", BOB))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already belongs to");
        assertThat(s1.batches).isEqualTo(batches);
        assertThat(s1.table().values()).containsExactly(alices);
        assertThatThrownBy(() -> rules.setOwnerRules("s1", BOB, List.of(alices)))
                .hasMessageContaining("does not carry the owner's cookie");
    }

    @Test
    void rulesForAnAbsentSwitchAreSavedAndInstalledWhenItConnects() throws Exception {
        InMemorySwitch s2 = new InMemorySwitch("s2");
        Rule r = rule(200, "arp", "output:1", BOB);
        RuleManager.ChangeResult waiting = rules.setOwnerRules("s2", BOB, List.of(r));
        assertThat(waiting.applied()).isFalse();
        assertThat(waiting.message()).contains("not connected").contains("saved");
        assertThat(rules.switchNames()).containsExactly("s1", "s2");

        switches.connect(s2);
        awaitReconciled("s2", null);
        assertThat(s2.table().values()).containsExactly(r);
        assertThat(s1.table()).as("each switch has its own rules").isEmpty();
    }

    @Test
    void aSwitchThatGoesAwayMidChangeKeepsTheChangeForItsReturn() throws Exception {
        s1.setReachable(false);
        Rule r = rule(100, "ip", "output:1", ALICE);
        RuleManager.ChangeResult result = rules.setOwnerRules("s1", ALICE, List.of(r));
        assertThat(result.applied()).isFalse();
        assertThat(result.message()).contains("went away before confirming");
        assertThat(rules.rules("s1")).containsExactly(r);

        s1.setReachable(true);
        switches.disconnect(s1);
        RuleManager.ReconcileReport before = rules.lastReconcile("s1").orElseThrow();
        switches.connect(s1);
        awaitReconciled("s1", before);
        assertThat(s1.table().values()).containsExactly(r);
    }

    @Test
    void aReconnectingSwitchWithDriftedFlowsIsPutRightAndForeignRulesStay() throws Exception {
        Rule web = rule(100, "tcp,tp_dst=80", "output:2", ALICE);
        Rule dns = rule(100, "udp,tp_dst=53", "output:3", ALICE);
        Rule arp = rule(100, "arp", "output:1", BOB);
        rules.setOwnerRules("s1", ALICE, List.of(web, dns));
        rules.setOwnerRules("s1", BOB, List.of(arp));

        switches.disconnect(s1);
        // while it was away: one of ours lost, one rewritten, a stale one of ours and a foreign one added
        Rule stale = rule(50, "icmp", "output:5", ALICE);
        Rule foreign = rule(10, "ip,nw_src=192.168.0.1", "output:7", FOREIGN);
        s1.table().remove(web.key());
        s1.table().put(dns.key(), rule(100, "udp,tp_dst=53", "output:9", ALICE));
        s1.table().put(stale.key(), stale);
        s1.table().put(foreign.key(), foreign);
        s1.unmodelledCookies().add(ALICE);

        RuleManager.ReconcileReport before = rules.lastReconcile("s1").orElseThrow();
        switches.connect(s1);
        RuleManager.ReconcileReport report = awaitReconciled("s1", before);

        assertThat(Set.copyOf(s1.table().values())).isEqualTo(Set.of(web, dns, arp, foreign));
        assertThat(report.desired()).isEqualTo(3);
        assertThat(report.unchanged()).isEqualTo(1); // arp
        assertThat(report.added()).isEqualTo(2); // web back, dns rewritten
        assertThat(report.removed()).isEqualTo(1); // the stale one
        assertThat(report.foreignKept()).isEqualTo(2); // the foreign rule and the unmodelled entry
    }

    @Test
    void aRestartedManagerReadsItsDesiredRulesBackAndReconcilesThem() throws Exception {
        Rule r = rule(100, "ip,nw_dst=10.9.9.9", "output:1", ALICE);
        rules.setOwnerRules("s1", ALICE, List.of(r));
        rules.close();
        s1.table().clear(); // the switch restarted meanwhile, empty

        InMemorySwitches again = new InMemorySwitches();
        rules = new RuleManager(again, store());
        assertThat(rules.rules("s1")).containsExactly(r);
        again.connect(s1);
        awaitReconciled("s1", null);
        assertThat(s1.table().values()).containsExactly(r);
    }

    @Test
    void rulesForEverySwitchAreOnEachSwitchFromItsFirstReconciliationAndSaved() throws Exception {
        Rule base = rule(64999, "dl_type=0x88b5", "drop", Cookies.cookie(Cookies.OwnerKind.PLATFORM, 0));
        Rule held = rule(500, "arp", "output:1", Cookies.cookie(Cookies.OwnerKind.PLATFORM, 0));
        Rule bobs = rule(500, "arp", "output:2", BOB);
        rules.onEverySwitch(List.of(base, held));
        InMemorySwitch s2 = new InMemorySwitch("s2");
        rules.setOwnerRules("s2", BOB, List.of(bobs)); // saved while s2 is away

        switches.connect(s2);
        RuleManager.ReconcileReport first = awaitReconciled("s2", null);
        assertThat(first.added()).as("in the first reconciliation").isEqualTo(2);
        assertThat(s2.table().values())
                .as("a key another owner holds stays that owner's")
                .containsExactlyInAnyOrder(base, bobs);
        assertThat(store().load().get("s2")).containsExactlyInAnyOrder(base, bobs);

        switches.disconnect(s2);
        s2.table().clear(); // the switch restarted empty
        switches.connect(s2);
        awaitReconciled("s2", first);
        assertThat(s2.table().values()).containsExactlyInAnyOrder(base, bobs);
    }

    /** Waits for the background reconciliation that a connect starts (a newer report than {@code after}). */
    private RuleManager.ReconcileReport awaitReconciled(String name, RuleManager.ReconcileReport after)
            throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            var report = rules.lastReconcile(name);
            if (report.isPresent() && report.get() != after) {
                return report.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("switch " + name + " was not reconciled after it connected");
    }
}
