package org.flowstream.openflow.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowstream.openflow.rules.openflow.OpenflowSwitchDrivers;
import org.flowstream.openflow.stats.StatsCollector;
import org.flowstream.openflow.switches.SwitchRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry both live services (load balancers, offloads) keep their rule sets in, with members of
 * its own, against a rule manager whose switch is away (rules are kept, not sent). The services'
 * tests and the OVS tests cover it with the real members.
 */
class LiveRuleSetsTest {

    static final String SW = "brlive";

    record Member(long id, long intervalMillis, boolean failing) implements LiveRuleSets.Member {
        @Override
        public String switchName() {
            return SW;
        }

        @Override
        public long cookie() {
            return Cookies.cookie(Cookies.OwnerKind.OFFLOAD, id);
        }

        Rule rule() {
            return Rule.of(0, 100 + (int) id, "ip,nw_dst=10.0.0.%d".formatted(id), List.of("output:1"), cookie());
        }
    }

    @TempDir
    Path dir;

    private RuleManager rules;
    private StatsCollector stats;
    private LiveRuleSets<Member> sets;
    private final Map<Long, AtomicInteger> roundsRun = new ConcurrentHashMap<>();
    private final List<List<Long>> saves = new ArrayList<>();

    @BeforeEach
    void start() {
        SwitchRegistry switches = new SwitchRegistry();
        rules = new RuleManager(
                new OpenflowSwitchDrivers(switches, Duration.ofSeconds(5)), new RuleStore(dir.resolve("rules.json")));
        stats = new StatsCollector(switches, Duration.ZERO, Duration.ofSeconds(5));
        sets = new LiveRuleSets<>("widget", "test-live", this, rules, switches, stats, this::round, this::save);
    }

    @AfterEach
    void stop() {
        sets.close();
        stats.close();
        rules.close();
    }

    private void round(Member m) {
        roundsRun.computeIfAbsent(m.id(), k -> new AtomicInteger()).incrementAndGet();
        if (m.failing()) {
            throw new IllegalStateException("this round fails");
        }
    }

    private void save(Collection<Member> all) {
        saves.add(all.stream().map(Member::id).toList());
    }

    private int rounds(long id) {
        return roundsRun.getOrDefault(id, new AtomicInteger()).get();
    }

    private static void waitUntil(java.util.function.BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out");
            Thread.sleep(10);
        }
    }

    @Test
    void theTimerRunsEachMembersRoundsAndAFailingRoundDoesNotStopThem() throws Exception {
        synchronized (this) {
            sets.put(new Member(1, 20, false));
            sets.put(new Member(2, 20, true));
            sets.put(new Member(3, 0, false)); // rounds only on request
        }
        waitUntil(() -> rounds(1) >= 3 && rounds(2) >= 3);
        assertThat(rounds(3)).isZero();
    }

    @Test
    void aReplacedMemberStopsItsRoundsAndTheNewOneRunsAtItsOwnInterval() throws Exception {
        synchronized (this) {
            sets.put(new Member(1, 20, false));
        }
        waitUntil(() -> rounds(1) >= 2);
        synchronized (this) {
            sets.put(new Member(1, 0, false));
        }
        int after = rounds(1);
        Thread.sleep(200);
        assertThat(rounds(1)).as("no rounds once the interval is 0").isEqualTo(after);
        assertThat(sets.all()).extracting(Member::id).containsExactly(1L);
    }

    @Test
    void removingTakesTheRulesAlongAndSaves() throws Exception {
        Member keep = new Member(1, 0, false);
        Member gone = new Member(2, 20, false);
        synchronized (this) {
            sets.restore(List.of(keep, gone), m -> List.of(m.rule()));
            assertThat(rules.rules(SW)).containsExactlyInAnyOrder(keep.rule(), gone.rule());
            RuleManager.ChangeResult change = sets.remove(2);
            assertThat(change.removed()).isEqualTo(1);
            assertThat(change.applied())
                    .as("the switch is away: kept for when it comes")
                    .isFalse();
        }
        assertThat(rules.rules(SW)).containsExactly(keep.rule());
        assertThat(saves).containsExactly(List.of(1L));
        int after = rounds(2);
        Thread.sleep(200);
        assertThat(rounds(2)).as("a removed member has no more rounds").isEqualTo(after);
    }

    @Test
    void anUnknownIdNamesTheKnownOnes() {
        synchronized (this) {
            sets.put(new Member(4, 0, false));
            sets.put(new Member(7, 0, false));
            assertThatThrownBy(() -> sets.get(5))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("no widget 5 (configured: [4, 7])");
            assertThatThrownBy(() -> sets.remove(5)).hasMessage("no widget 5 (configured: [4, 7])");
            assertThat(sets.find(5)).isEmpty();
            assertThat(sets.size()).isEqualTo(2);
        }
        assertThat(saves).isEmpty();
    }
}
