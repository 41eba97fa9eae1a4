package org.flowstream.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.PmFlowState;
import org.flowstream.contracts.records.modulehost.ReleaseSummary;
import org.flowstream.contracts.records.openflow.ConnectionWiring;
import org.flowstream.contracts.records.resource.PlacedPm;
import org.flowstream.resource.bench.StandInHost;
import org.flowstream.resource.migration.FileMoveJournal;
import org.flowstream.resource.migration.MoveJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * migrate_flows' own logic against recording module hosts and switch (their pm_flows answers nothing, so the
 * PMs count as stateless): the order of the steps, what the book records, and that an abort leaves everything as
 * it was. MigrateFlowsTest (modulehost-daemon) moves a NAT's state between two real module hosts.
 */
class FlowMigrationsTest {

    @TempDir
    Path dir;

    private final RecordingGateways gateways = new RecordingGateways();
    private ResourceDaemon daemon;
    private DaemonClient alice;
    private int id;
    private String from;
    private String to;

    @BeforeEach
    void installOnOneOfTwoHosts() throws Exception {
        daemon = ResourceDaemonTest.startDaemon(dir, gateways, Map.of());
        DaemonClient operator = new DaemonClient(daemon.url(), "op", "op-pw", 30_000);
        ResourceDaemonTest.registerHost(operator, "mh1", 4, 4096);
        ResourceDaemonTest.registerHost(operator, "mh2", 4, 4096);
        alice = new DaemonClient(daemon.url(), "alice", "alice-pw", 30_000);
        ReturnValue accepted = alice.call("install_allocation", StandInHost.REQUEST);
        id = (Integer) accepted.value();
        assertThat(ResourceFixture.settle(alice, id).isSuccess()).isTrue();
        from = placement().get("c");
        to = from.equals("mh1") ? "mh2" : "mh1";
    }

    @AfterEach
    void stop() {
        daemon.stop();
    }

    @Test
    void aMovedPmRunsOnTheNewHostTheSwitchIsRewiredFirstAndTheOldInstanceStopsLast() throws Exception {
        ConnectionWiring wiringBefore = gateways.wiringByAllocation.get(id);
        ReturnValue result = move("c", to);

        assertThat(result.isSuccess()).as(result.message()).isTrue();
        assertThat(result.message()).contains("moved PM c from %s to %s".formatted(from, to));
        assertThat(placement()).containsEntry("c", to);
        assertThat(gateways.pmsByHost.get(to)).contains("a" + id + "-c");
        assertThat(gateways.pmsByHost.getOrDefault(from, List.of())).doesNotContain("a" + id + "-c");
        assertThat(gateways.wiringByAllocation.get(id)).isNotEqualTo(wiringBefore);
        assertThat(gateways.log)
                .containsSubsequence("create_pm a" + id + "-c", "create_connections " + id, "delete_pm a" + id + "-c");
        ReturnValue status = alice.call("get_allocation", id);
        assertThat(status.message()).contains("is active", "moved PM c from " + from + " to " + to);
    }

    @Test
    void aSwitchThatRefusesTheNewRulesAbortsTheMoveAndLeavesThePmWhereItWas() throws Exception {
        ConnectionWiring wiringBefore = gateways.wiringByAllocation.get(id);
        List<String> pmsBefore = List.copyOf(gateways.pmsByHost.get(from));
        gateways.refuseWiring = true;
        ReturnValue result = move("c", to);
        gateways.refuseWiring = false;

        assertThat(result.isFailure()).as(result.message()).isTrue();
        assertThat(result.message())
                .contains("aborted, the PM serves on where it was", "refused create_connections")
                .doesNotContain("Exception");
        assertThat(placement()).containsEntry("c", from);
        assertThat(gateways.pmsByHost.get(from)).containsExactlyElementsOf(pmsBefore);
        assertThat(gateways.pmsByHost.getOrDefault(to, List.of())).doesNotContain("a" + id + "-c");
        assertThat(gateways.wiringByAllocation.get(id)).isEqualTo(wiringBefore);
        assertThat(alice.call("get_allocation", id).message()).contains("is active", "aborted");
    }

    @Test
    void aHostThatRefusesTheNewPmAbortsBeforeAnythingElseChanges() throws Exception {
        gateways.refusePmNamed = "c";
        gateways.refuseOnHost = to;
        ReturnValue result = move("c", to);

        assertThat(result.isFailure()).as(result.message()).isTrue();
        assertThat(result.message()).contains("refused create_pm: injected failure");
        assertThat(placement()).containsEntry("c", from);
        assertThat(gateways.log).doesNotContain("delete_pm a" + id + "-c");
    }

    @Test
    void aRestartBeforeTheHandOverUnfreezesTheOldInstanceAndStopsTheNewOne() throws Exception {
        PlacedPm old = instanceOfC();
        PlacedPm fresh = new PlacedPm("c", to, "a" + id + "-c", Map.of("p0", 901));
        restartWith(new MoveJournal.Entry(id, old, fresh, List.of("pm"), "", false));

        assertThat(placement()).containsEntry("c", from);
        assertThat(gateways.relayed).contains("pm_flows %s release a%d-c".formatted(from, id));
        assertThat(gateways.log).contains("delete_pm a" + id + "-c");
        assertThat(gateways.pmsByHost.get(from)).contains("a" + id + "-c");
        assertThat(new FileMoveJournal(journalDir()).unfinished()).isEmpty();
        assertThat(reason()).contains("interrupted by a restart", "undid it, the PM serves on " + from);
    }

    @Test
    void aRestartAfterTheHandOverBeganRecordsTheNewInstanceAndStopsTheOldOne() throws Exception {
        PlacedPm old = instanceOfC();
        PlacedPm fresh = new PlacedPm("c", to, "a" + id + "-c", Map.of("p0", 901));
        gateways.pmsByHost.computeIfAbsent(to, h -> new java.util.ArrayList<>()).add(fresh.instance());
        restartWith(new MoveJournal.Entry(id, old, fresh, List.of("pm"), "", true));

        assertThat(placement()).containsEntry("c", to);
        assertThat(instanceOfC()).isEqualTo(fresh);
        assertThat(gateways.relayed).contains("pm_flows %s release a%d-c".formatted(to, id));
        assertThat(gateways.pmsByHost.get(from)).doesNotContain("a" + id + "-c");
        assertThat(gateways.pmsByHost.get(to)).contains("a" + id + "-c");
        assertThat(new FileMoveJournal(journalDir()).unfinished()).isEmpty();
        assertThat(reason()).contains("interrupted by a restart", "finished it, the PM serves on " + to);
    }

    @Test
    void aRestartInTheMiddleOfAPhasedMoveGivesEverythingBackToTheOldInstanceAndRemovesTheDaisyPaths() throws Exception {
        PlacedPm old = instanceOfC();
        PlacedPm fresh = new PlacedPm("c", to, "a" + id + "-c", Map.of("p0", 901));
        PmFlowState inHand = new PmFlowState("udp", "10.0.0.1", 1000, "", 0, "192.0.2.1", 20000, 5, "");
        PmFlowState atNew = new PmFlowState("udp", "10.0.0.2", 1000, "", 0, "192.0.2.1", 20001, 5, "");
        List<Object> imported = new java.util.concurrent.CopyOnWriteArrayList<>();
        gateways.pmFlows = request -> switch (String.valueOf(request.get("op"))) {
            case "take" -> ReturnValue.success("taken", new Object[] {Structs.toStruct(atNew)});
            case "import" -> {
                imported.addAll(List.of((Object[]) request.get("states")));
                yield ReturnValue.success("imported", ((Object[]) request.get("states")).length);
            }
            case "hand_over" -> ReturnValue.success("handed over", new Object[0]);
            case "release" -> ReturnValue.success("released", new ReleaseSummary(0, 0, 0, 0, 0, List.of()));
            case "reserve" -> ReturnValue.success("reserved", 0);
            case "elements" -> ReturnValue.success("elements", new Object[] {"pm"});
            default -> ReturnValue.success("gate", Structs.toStruct(RecordingGateways.NO_GATE_COUNTERS));
        };
        restartWith(new MoveJournal.Entry(id, old, fresh, List.of("pm"), "", false, true, "pm", List.of(inHand)));

        assertThat(placement()).containsEntry("c", from);
        // The batch in hand (from the journal) and what the new instance held go back to the old one, which serves.
        assertThat(imported).containsExactlyInAnyOrder(Structs.toStruct(inHand), Structs.toStruct(atNew));
        assertThat(gateways.relayed)
                .containsSubsequence(
                        "pm_flows %s freeze a%d-c".formatted(from, id),
                        "pm_flows %s take a%d-c".formatted(to, id),
                        "pm_flows %s import a%d-c".formatted(from, id),
                        "pm_flows %s hand_over a%d-c".formatted(to, id),
                        "pm_flows %s release a%d-c".formatted(from, id),
                        "set_daisy_paths");
        assertThat(gateways.log).contains("delete_pm a" + id + "-c");
        assertThat(new FileMoveJournal(journalDir()).unfinished()).isEmpty();
        assertThat(reason()).contains("interrupted by a restart", "undid it, the PM serves on " + from);
    }

    @SuppressWarnings("unchecked")
    private String reason() {
        return (String) ((Map<String, Object>) alice.call("get_allocation", id).value()).get("reason");
    }

    /** Stops the daemon, leaves {@code entry} as a move in flight, and starts it again. */
    private void restartWith(MoveJournal.Entry entry) throws Exception {
        daemon.stop();
        new FileMoveJournal(journalDir()).write(entry);
        daemon = ResourceDaemonTest.startDaemon(dir, gateways, Map.of());
        alice = new DaemonClient(daemon.url(), "alice", "alice-pw", 30_000);
        for (int i = 0;
                i < 500 && !new FileMoveJournal(journalDir()).unfinished().isEmpty();
                i++) {
            Thread.sleep(10);
        }
        assertThat(ResourceFixture.settle(alice, id).isSuccess()).isTrue();
    }

    private Path journalDir() {
        return dir.resolve("state").resolve("migrations");
    }

    @SuppressWarnings("unchecked")
    private PlacedPm instanceOfC() {
        Map<String, Object> view =
                (Map<String, Object>) alice.call("get_allocation", id).value();
        for (Object o : (Object[]) view.get("pms")) {
            Map<String, Object> pm = (Map<String, Object>) o;
            if (pm.get("pm").equals("c")) {
                return new PlacedPm("c", (String) pm.get("host"), (String) pm.get("instance"), (Map<String, Integer>)
                        pm.get("switch_ports"));
            }
        }
        throw new AssertionError("no PM c in " + view);
    }

    private ReturnValue move(String pm, String host) throws InterruptedException {
        ReturnValue queued = alice.call("migrate_flows", id, pm, host);
        assertThat(queued.isNotReady()).as(queued.message()).isTrue();
        int task = (Integer) queued.value();
        for (int i = 0; i < 3000; i++) {
            ReturnValue r = alice.call("get_task_result", task);
            if (!r.isNotReady()) {
                return r;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the move never ended");
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> placement() {
        Map<String, Object> view =
                (Map<String, Object>) alice.call("get_allocation", id).value();
        return (Map<String, String>) view.get("placement");
    }
}
