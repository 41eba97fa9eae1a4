package org.flowstream.openflow.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.flowstream.contracts.records.openflow.WiredConnections;
import org.flowstream.openflow.rules.Cookies;
import org.flowstream.openflow.rules.InMemorySwitch;
import org.flowstream.openflow.rules.InMemorySwitches;
import org.flowstream.openflow.rules.Rule;
import org.flowstream.openflow.rules.RuleManager;
import org.flowstream.openflow.rules.RuleStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit of create_connections and delete_connections (ConnectionManager, SwitchCommits) against an in-memory
 * switch that can be held mid-commit: the changes that arrive meanwhile go to the switch together, each caller is
 * answered only once its change is in both state files, and a change refused within a commit fails alone. The same
 * on a real Open vSwitch: OpenflowDaemonOvsTest.concurrentCreatesAndDeletesFromManyClientsAreAllSavedAndOnTheSwitch.
 */
@Timeout(60)
class GroupCommitTest {

    @TempDir
    Path dir;

    private final InMemorySwitches switches = new InMemorySwitches();
    private final InMemorySwitch s1 = new InMemorySwitch("s1");
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    private RuleManager rules;
    private ConnectionManager connections;

    @BeforeEach
    void start() throws Exception {
        rules = new RuleManager(switches, new RuleStore(rulesFile()));
        connections = new ConnectionManager(rules, connectionsFile());
        switches.connect(s1);
        await(() -> rules.lastReconcile("s1").isPresent());
    }

    @AfterEach
    void stop() {
        callers.shutdownNow();
        rules.close();
    }

    private Path rulesFile() {
        return dir.resolve("openflow-rules.json");
    }

    private Path connectionsFile() {
        return dir.resolve("openflow-connections.json");
    }

    /** Allocation {@code id}'s traffic from port 1 through one PM on port 10+id to port 2. */
    private static Wiring wiring(long id, String match) {
        return Wiring.parse("""
                {"alloc_id": %d, "match": "%s", "from_port": 1, "to_port": 2, "pms": [{"name": "pm", "port": %d}]}""".formatted(id, match, 10 + id));
    }

    private static Wiring wiring(long id) {
        return wiring(id, "udp,nw_src=10.200.0.0/16,tp_dst=" + (20000 + id));
    }

    /**
     * What a daemon restarted now would find in the state files: the connections it had and the rules it wants (a
     * fresh rule and connection manager read from them, as a restarted daemon does).
     */
    private Map.Entry<Set<Long>, List<Rule>> afterARestart() {
        try (RuleManager reread = new RuleManager(new InMemorySwitches(), new RuleStore(rulesFile()))) {
            ConnectionManager again = new ConnectionManager(reread, connectionsFile());
            Set<Long> wired = new HashSet<>();
            again.all().forEach(i -> wired.add(i.wiring().allocId()));
            return Map.entry(wired, reread.rules("s1"));
        }
    }

    /** Creates the wiring; once answered, checks that a restarted daemon would find it and its rules. */
    private Callable<WiredConnections> durableCreate(Wiring wiring) {
        return () -> {
            WiredConnections answer = connections.create("s1", 0, wiring);
            Map.Entry<Set<Long>, List<Rule>> restarted = afterARestart();
            assertThat(restarted.getKey())
                    .as("connections saved before the answer")
                    .contains(wiring.allocId());
            assertThat(restarted.getValue().stream().filter(r -> r.cookie() == Cookies.allocation(wiring.allocId())))
                    .as("rules saved before the answer")
                    .hasSize(2);
            return answer;
        };
    }

    @Test
    void changesArrivingDuringACommitGoTogetherInTheNextAndEachIsAnsweredOnceSaved() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        int batchesBefore = s1.batches();
        s1.holdBatches(release);
        List<Future<WiredConnections>> answers = new ArrayList<>();
        answers.add(callers.submit(durableCreate(wiring(1))));
        s1.awaitHeld(); // the first commit is at the switch; the next 31 wait for it
        for (long id = 2; id <= 32; id++) {
            answers.add(callers.submit(durableCreate(wiring(id))));
        }
        await(() -> connections.waitingChanges("s1") == 31);
        release.countDown();

        Set<Integer> tags = new HashSet<>();
        for (Future<WiredConnections> answer : answers) {
            WiredConnections wired = answer.get();
            assertThat(wired.applied()).isTrue();
            assertThat(wired.message()).isEqualTo("installed, confirmed by barrier");
            tags.add(wired.paths().getFirst().pms().getFirst().vlanIn());
            tags.add(wired.paths().getFirst().pms().getFirst().vlanOut());
        }
        assertThat(tags).as("every hop its own VLAN tag").hasSize(64);
        assertThat(s1.batches() - batchesBefore)
                .as("one switch transaction for the first, one for the 31 that waited")
                .isEqualTo(2);
        assertThat(s1.table().values()).containsExactlyInAnyOrderElementsOf(rules.rules("s1"));
        assertThat(s1.table()).hasSize(64);

        // Deletes go together too, and a restarted daemon finds exactly what is left.
        List<Future<RuleManager.ChangeResult>> deleted = new ArrayList<>();
        for (long id = 1; id <= 16; id++) {
            long alloc = id;
            deleted.add(callers.submit(() -> connections.delete("s1", 0, alloc)));
        }
        for (Future<RuleManager.ChangeResult> d : deleted) {
            assertThat(d.get().removed()).isEqualTo(2);
        }
        assertThat(s1.table()).hasSize(32);
        Map.Entry<Set<Long>, List<Rule>> restarted = afterARestart();
        assertThat(restarted.getKey()).hasSize(16).allMatch(id -> id > 16);
        assertThat(restarted.getValue())
                .containsExactlyInAnyOrderElementsOf(s1.table().values());
    }

    @Test
    void aRestartWhileACommitIsAtTheSwitchFindsEveryAcknowledgedChange() throws Exception {
        for (long id = 1; id <= 8; id++) {
            connections.create("s1", 0, wiring(id)); // acknowledged
        }
        CountDownLatch release = new CountDownLatch(1);
        s1.holdBatches(release);
        List<Future<WiredConnections>> unanswered = new ArrayList<>();
        for (long id = 9; id <= 12; id++) {
            long alloc = id;
            unanswered.add(callers.submit(() -> connections.create("s1", 0, wiring(alloc))));
        }
        unanswered.add(callers.submit(() -> {
            connections.delete("s1", 0, 1);
            return null;
        }));
        s1.awaitHeld();

        // The daemon dies here: a commit is saved (in part) and at the switch, and nobody was answered for it.
        Map.Entry<Set<Long>, List<Rule>> restarted = afterARestart();
        assertThat(restarted.getKey()).as("every acknowledged wiring").containsAll(List.of(2L, 3L, 4L, 5L, 6L, 7L, 8L));
        for (long id = 2; id <= 8; id++) {
            long cookie = Cookies.allocation(id);
            assertThat(restarted.getValue().stream().filter(r -> r.cookie() == cookie))
                    .as("allocation %d's rules", id)
                    .hasSize(2);
        }
        unanswered.forEach(f -> assertThat(f).isNotDone());
        release.countDown();
        for (Future<WiredConnections> f : unanswered) {
            f.get();
        }
    }

    @Test
    void aChangeRefusedWithinACommitFailsAloneAndTheOthersAreCommitted() throws Exception {
        connections.create("s1", 0, wiring(1, "ip,nw_src=10.1.0.0/16"));
        CountDownLatch release = new CountDownLatch(1);
        s1.holdBatches(release);
        Future<WiredConnections> first = callers.submit(() -> connections.create("s1", 0, wiring(2)));
        s1.awaitHeld();
        long refusedByTheSwitch = Cookies.allocation(4);
        s1.refuse(r -> r.cookie() == refusedByTheSwitch);
        Future<WiredConnections> overlapping =
                callers.submit(() -> connections.create("s1", 0, wiring(3, "ip,nw_src=10.1.2.0/24")));
        Future<WiredConnections> switchRefuses = callers.submit(() -> connections.create("s1", 0, wiring(4)));
        Future<WiredConnections> fine = callers.submit(() -> connections.create("s1", 0, wiring(5)));
        await(() -> connections.waitingChanges("s1") == 3);
        release.countDown();

        assertThat(first.get().applied()).isTrue();
        assertThat(fine.get().applied()).isTrue();
        assertThatThrownBy(overlapping::get)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allocation 3 overlaps allocation 1");
        assertThatThrownBy(switchRefuses::get)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .hasMessageContaining("nothing changed")
                .hasMessageContaining("BAD_ACTION");
        Set<Long> owners = new HashSet<>();
        s1.table().values().forEach(r -> owners.add(Cookies.ownerId(r.cookie())));
        assertThat(owners).containsExactlyInAnyOrder(1L, 2L, 5L);
        assertThat(s1.table().values()).containsExactlyInAnyOrderElementsOf(rules.rules("s1"));
        assertThat(afterARestart().getKey()).containsExactlyInAnyOrder(1L, 2L, 5L);
    }

    @Test
    void aCreateThenADeleteOfOneAllocationInOneCommitLeaveNothing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        s1.holdBatches(release);
        Future<WiredConnections> other = callers.submit(() -> connections.create("s1", 0, wiring(1)));
        s1.awaitHeld();
        Future<WiredConnections> created = callers.submit(() -> connections.create("s1", 0, wiring(7)));
        await(() -> connections.waitingChanges("s1") == 1);
        Future<RuleManager.ChangeResult> deleted = callers.submit(() -> connections.delete("s1", 0, 7));
        await(() -> connections.waitingChanges("s1") == 2);
        release.countDown();

        assertThat(other.get().applied()).isTrue();
        assertThat(created.get().rules()).hasSize(2);
        assertThat(deleted.get().removed()).isEqualTo(2);
        assertThat(s1.table().values()).allMatch(r -> r.cookie() == Cookies.allocation(1));
        assertThat(connections.get("s1", 7)).isEmpty();
        assertThat(afterARestart().getKey()).containsExactly(1L);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached in 10 s");
            }
            Thread.sleep(5);
        }
    }
}
