package org.flowstream.modulehost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowstream.common.testing.Eventually.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.resource.migration.FlowMigrations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The phased move (migrate_flows' default) when a process dies in its middle, every part real and the dying ones
 * processes killed with SIGKILL ({@link NatPlatform#killable}): the resource daemon and the module host the NAT
 * moves to. Each move is held by pause_installs before its first batch (after the idle phase began: the old NAT
 * daisy-chains what it has no state for to the new one, through the move's daisy paths on the switch), or with its
 * first batch in hand (taken from the old NAT, journaled, not yet delivered), then the process is killed. What must
 * hold: the old NAT serves on with every mapping (those the new one made meanwhile included), the daisy paths are
 * gone, the old NAT neither daisy-chains nor holds anything, the journal is closed, and the traffic (UDP with per-flow
 * sequence numbers, TCP connections held open) loses, duplicates and reorders nothing and keeps every external
 * endpoint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PhasedMoveCrashTest {

    private static final String EXTERNAL = "198.51.100.7";
    private static final int LONG_FLOWS = 20;
    private static final int LATE_FLOWS = 10;
    private static final int TCP_CONNECTIONS = 2;
    private static final String HOLD = "move: copy state";
    private static final String BATCH_IN_HAND = "move: " + FlowMigrations.BATCH_IN_HAND;

    private NatPlatform nat;
    private int allocId;
    private String oldHost;
    private String newHost;

    @BeforeAll
    void startPlatform() throws Exception {
        PlatformFixture.assumePlatform();
        // The mode is the platform's default (phased); these are its settings as bin/flowstream up writes them.
        nat = NatPlatform.killable("phased-crash", List.of("10.81.0.1"), List.of(EXTERNAL), Map.of());
        allocId = ControllerDaemons.installActive(nat.tenant, NatPlatform.natRequest(EXTERNAL, 120));
        oldHost = nat.hostOf(allocId, "nat"); // the only host up at the install
        nat.startHostProcess();
        newHost = nat.otherHost(oldHost);
    }

    @AfterAll
    void stopPlatform() {
        if (nat != null) {
            nat.close();
        }
    }

    @Test
    @Order(1)
    void theResourceDaemonKilledMidMoveAndRestartedGivesEverythingBackToTheOldNat() throws Exception {
        Traffic.Script echo = nat.echo();
        Traffic.Script send = nat.send(LONG_FLOWS, TCP_CONNECTIONS, "0.02", "0.0.0.0");
        Traffic.Script lateEcho = nat.echoOn(7002, 7003);
        Traffic.Script late = nat.sendTo(7002, 7003, LATE_FLOWS, 0, "0.02", "0.0.0.0");
        try {
            send.go();
            send.awaitLine("sending");
            List<String> before = NatPlatform.states(nat.hostUrl(oldHost), pm());
            int task = moveHeldBeforeItsFirstBatch();
            // The idle phase runs: flows that start now have no state at the old NAT, which daisy-chains them to the
            // new one, which maps them.
            late.go();
            late.awaitLine("sending");
            await(
                    "the new NAT maps the late flows",
                    () -> NatPlatform.states(nat.hostUrl(newHost), pm()),
                    s -> s.size() >= LATE_FLOWS);

            nat.killResource();
            // Traffic runs while it restarts: the old NAT daisy-chains the late flows, the new one maps them.
            nat.startResourceProcess();
            String reason = await(
                    "the restarted resource daemon settles the move",
                    () -> nat.tenant.call("get_allocation", allocId).message(),
                    m -> m.contains("interrupted by a restart"));
            System.out.println("PhasedMoveCrashTest: resource daemon killed mid phased move: " + reason);
            assertThat(reason).contains("undid it, the PM serves on " + oldHost);
            assertThat(nat.tenant.call("get_task_result", task).isSuccess()).isFalse(); // the task died with it

            // Every mapping is the old NAT's: those it had, and those the new one made in the idle phase.
            List<String> after = NatPlatform.states(nat.hostUrl(oldHost), pm());
            assertThat(after).containsAll(before).hasSize(before.size() + LATE_FLOWS);
            assertSettledAtTheOldNat();
            Thread.sleep(500); // traffic runs through the old NAT

            send.go(); // stop sending; A waits for the last echoes
            late.go();
            JsonNode atA = send.result();
            JsonNode lateAtA = late.result();
            echo.go();
            lateEcho.go();
            JsonNode atB = echo.result();
            JsonNode lateAtB = lateEcho.result();
            System.out.println(
                    "PhasedMoveCrashTest: A " + atA + "\nB " + atB + "\nlate flows: A " + lateAtA + "\nB " + lateAtB);
            NatTraffic.assertNothingLost(atA, atB, LONG_FLOWS, TCP_CONNECTIONS);
            NatTraffic.assertNothingLost(lateAtA, lateAtB, LATE_FLOWS, 0);
        } finally {
            for (Traffic.Script script : List.of(send, echo, late, lateEcho)) {
                script.kill();
            }
        }
    }

    @Test
    @Order(2)
    void theNewNatsModuleHostKilledMidMoveAbortsItAndTheOldNatServesOn() throws Exception {
        Traffic.Script echo = nat.echo();
        Traffic.Script send = nat.send(LONG_FLOWS, TCP_CONNECTIONS, "0.02", "0.0.0.0");
        try {
            send.go();
            send.awaitLine("sending");
            List<String> before = NatPlatform.states(nat.hostUrl(oldHost), pm());
            int task = moveHeldBeforeItsFirstBatch();

            String aborted = abortedByKillingTheNewHost(task, "mid phased move");
            assertThat(aborted).contains("cannot reach");
            assertThat(nat.hostOf(allocId, "nat")).isEqualTo(oldHost);
            assertThat(NatPlatform.states(nat.hostUrl(oldHost), pm())).isEqualTo(before);
            assertSettledAtTheOldNat();
            Thread.sleep(500); // traffic runs through the old NAT

            stopAndAssertNothingLost(send, echo);
        } finally {
            send.kill();
            echo.kill();
            nat.startHostProcess(); // it takes its orphaned PMs over, and deletes them when the platform stops
        }
    }

    @Test
    @Order(3)
    void theResourceDaemonKilledWithABatchInHandGivesTheBatchBackToTheOldNat() throws Exception {
        Traffic.Script echo = nat.echo();
        Traffic.Script send = nat.send(LONG_FLOWS, TCP_CONNECTIONS, "0.02", "0.0.0.0");
        try {
            send.go();
            send.awaitLine("sending");
            List<String> before = NatPlatform.states(nat.hostUrl(oldHost), pm());
            moveHeldWithABatchInHand();

            nat.killResource(); // the batch was taken from the old NAT; only the journal knows it
            nat.startResourceProcess();
            String reason = await(
                    "the restarted resource daemon settles the move",
                    () -> nat.tenant.call("get_allocation", allocId).message(),
                    m -> m.contains("interrupted by a restart"));
            System.out.println("PhasedMoveCrashTest: resource daemon killed with a batch in hand: " + reason);
            assertThat(reason).contains("undid it, the PM serves on " + oldHost);
            assertThat(NatPlatform.states(nat.hostUrl(oldHost), pm())).containsAll(before);
            assertSettledAtTheOldNat();
            Thread.sleep(500); // traffic runs through the old NAT

            stopAndAssertNothingLost(send, echo);
        } finally {
            send.kill();
            echo.kill();
        }
    }

    @Test
    @Order(4)
    void theNewNatsModuleHostKilledWithABatchInHandAbortsAndTheOldNatKeepsTheBatch() throws Exception {
        Traffic.Script echo = nat.echo();
        Traffic.Script send = nat.send(LONG_FLOWS, TCP_CONNECTIONS, "0.02", "0.0.0.0");
        try {
            send.go();
            send.awaitLine("sending");
            List<String> before = NatPlatform.states(nat.hostUrl(oldHost), pm());
            int task = moveHeldWithABatchInHand();

            abortedByKillingTheNewHost(task, "with a batch in hand"); // the batch in hand cannot be delivered
            assertThat(NatPlatform.states(nat.hostUrl(oldHost), pm())).containsAll(before);
            assertSettledAtTheOldNat();
            Thread.sleep(500);

            stopAndAssertNothingLost(send, echo);
        } finally {
            send.kill();
            echo.kill();
            nat.startHostProcess();
        }
    }

    /**
     * Kills the new NAT's module host daemon (its PMs run on, the new NAT among them, but nobody reaches them any
     * more) and lets the held move go on to the dead host; returns the failed move's message.
     */
    private String abortedByKillingTheNewHost(int task, String when) throws Exception {
        nat.killHostProcess();
        pause(List.of());
        ReturnValue aborted =
                await("the move ends", () -> nat.tenant.call("get_task_result", task), r -> !r.isNotReady());
        System.out.println("PhasedMoveCrashTest: new NAT's module host killed " + when + ": " + aborted.message());
        assertThat(aborted.isFailure()).as(aborted.message()).isTrue();
        assertThat(aborted.message()).contains("aborted, the PM serves on where it was");
        return aborted.message();
    }

    /** Stops the long flows and checks that every datagram and TCP line came back once, in order. */
    private static void stopAndAssertNothingLost(Traffic.Script send, Traffic.Script echo) throws Exception {
        send.go(); // stop sending; A waits for the last echoes
        JsonNode atA = send.result();
        echo.go();
        JsonNode atB = echo.result();
        System.out.println("PhasedMoveCrashTest: A " + atA + "\nB " + atB);
        NatTraffic.assertNothingLost(atA, atB, LONG_FLOWS, TCP_CONNECTIONS);
    }

    /**
     * migrate_flows to the killable host, held by pause_installs with its first batch taken from the old NAT and not
     * yet delivered (journaled); returns the task's id.
     */
    private int moveHeldWithABatchInHand() {
        pause(List.of(BATCH_IN_HAND));
        ReturnValue queued = nat.tenant.call("migrate_flows", allocId, "nat", newHost, "");
        assertThat(queued.isNotReady()).as(queued.message()).isTrue();
        await(
                "the move holds with a batch in hand",
                () -> nat.tenant.call("get_allocation", allocId).message(),
                m -> m.contains("paused before " + BATCH_IN_HAND));
        return (Integer) queued.value();
    }

    /**
     * migrate_flows to the killable host in the default mode, held by pause_installs before its first batch; returns
     * the task's id once the move holds there with its daisy paths on the switch.
     */
    private int moveHeldBeforeItsFirstBatch() {
        pause(List.of(HOLD));
        ReturnValue queued = nat.tenant.call("migrate_flows", allocId, "nat", newHost, "");
        assertThat(queued.isNotReady()).as(queued.message()).isTrue();
        await(
                "the move holds before its first batch",
                () -> nat.tenant.call("get_allocation", allocId).message(),
                m -> m.contains("paused before " + HOLD));
        assertThat(nat.daisyPaths())
                .as("the move's daisy paths in its idle phase")
                .isNotEmpty();
        return (Integer) queued.value();
    }

    /** The move is over and left nothing: no daisy path, no journal entry, the old NAT neither daisy-chains nor holds. */
    private void assertSettledAtTheOldNat() throws IOException {
        assertThat(nat.daisyPaths()).isEmpty();
        Path journal = nat.dir.resolve("resource-state/migrations");
        try (Stream<Path> entries = Files.exists(journal) ? Files.list(journal) : Stream.empty()) {
            assertThat(entries).as("the move journal's entries").isEmpty();
        }
        Map<?, ?> gate = NatPlatform.gate(nat.hostUrl(oldHost), pm());
        assertThat((Object[]) gate.get("daisy_chained")).isEmpty();
        assertThat((Object[]) gate.get("frozen")).isEmpty();
        assertThat(nat.hostOf(allocId, "nat")).isEqualTo(oldHost);
    }

    private void pause(List<String> steps) {
        ReturnValue r = nat.operator.call("pause_installs", Map.of("steps", steps, "seconds", 120));
        assertThat(r.isSuccess()).as(r.message()).isTrue();
    }

    private String pm() {
        return "a" + allocId + "-nat";
    }
}
