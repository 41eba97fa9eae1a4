package org.flowstream.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowstream.common.testing.Eventually.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.element.BuiltInSignatures;
import org.flowstream.contracts.element.ElementSignature;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.PmFailure;
import org.flowstream.contracts.records.modulehost.PmTypeInfo;
import org.flowstream.contracts.records.modulehost.ReleaseSummary;
import org.flowstream.contracts.records.monitoring.HostSummary;
import org.flowstream.contracts.records.monitoring.PlatformSummary;
import org.flowstream.contracts.records.monitoring.PmSummary;
import org.flowstream.contracts.records.openflow.ConnectionWiring;
import org.flowstream.contracts.records.openflow.WiringPath;
import org.flowstream.contracts.records.resource.PlacedPm;
import org.flowstream.resource.bench.StandInHost;
import org.flowstream.resource.migration.FileMoveJournal;
import org.flowstream.resource.migration.MoveJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scaling group's lifecycle in the resource daemon (docs/migration.md, "Scale-out"), over real XML-RPC with
 * recording module hosts and switch, whose pm_flows answers as a NAT with no flows would: install starts MIN
 * members and splits the traffic by unit through each unit's member; a dead member is restarted with its units;
 * members survive a restart and are not taken for orphans; delete stops them all; the monitoring daemon's loads
 * scale the group out and back in (one unit move each: freeze, copy, rewire, hand over); a failed unit move leaves
 * the unit where it was; operators' and tenants' bad requests are refused in words. The same with real PMs, real
 * flows and a real switch: GroupScaleTest in modulehost-daemon.
 */
class GroupLifecycleTest {

    /** Four units: the inside /24 by PAIR_PREFIX 26, each paired with one address of the /30 pool. */
    static final String REQUEST = """
            GROUP=nat 2-3 SCALE_OUT 0.8 SCALE_IN 0.3 COOL_DOWN 1
            inside :: FromNet("ip,nw_src=10.81.0.0/24", IONODE net0)
            outside :: FromNet("ip,nw_dst=198.51.100.8/30", IONODE net1)
            nat :: IPRewriter(EXTERNAL 198.51.100.8/30, PAIR_PREFIX 26, IDLE 120)
            toB :: ToNet(net1)
            toA :: ToNet(net0)
            inside -> [0]nat[0] -> toB
            outside -> [1]nat[1] -> toA
            """;

    /**
     * The NAT as a host offers it: the built-in IPRewriter's signature (two inputs and two outputs, inside and
     * outside; its keywords, which the request's configuration is checked against), a quarter of a core.
     */
    static final ElementSignature NAT_TYPE = BuiltInSignatures.all().stream()
            .filter(signature -> signature.className().equals("IPRewriter"))
            .findFirst()
            .orElseThrow();

    @TempDir
    Path dir;

    RecordingGateways gateways = new RecordingGateways();
    ResourceDaemon daemon;
    final List<String> pmFlowsOps = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        gateways.offered.add(
                PmTypeInfo.entry(NAT_TYPE, PmTypeInfo.of(NAT_TYPE, false, null).sized(0.25, 96)));
        gateways.pmFlows = request -> {
            String op = String.valueOf(request.get("op"));
            pmFlowsOps.add(op + " " + request.get("pm") + (op.equals("elements") ? "" : " " + request.get("filter")));
            return ReturnValue.success(
                    "ok",
                    switch (op) {
                        case "elements" -> new Object[] {"nat"};
                        case "export", "hand_over", "take" -> new Object[0];
                        case "import", "reserve", "count", "delete" -> 0;
                        case "release" -> Structs.toStruct(new ReleaseSummary(0, 0, 0, 0, 0, List.of()));
                        case "freeze", "await", "daisy", "accept_daisy", "end_daisy" ->
                            Structs.toStruct(RecordingGateways.NO_GATE_COUNTERS);
                        default -> null;
                    });
        };
        daemon = ResourceDaemonTest.startDaemon(dir, gateways, Map.of());
        for (String host : List.of("mh1", "mh2")) {
            ReturnValue registered =
                    operator().call("register_host", StandInHost.registration(host, ResourceFixture.NOWHERE, 4, 4096));
            assertThat(registered.isSuccess()).as(registered.message()).isTrue();
        }
    }

    @AfterEach
    void stop() {
        daemon.stop();
    }

    DaemonClient operator() {
        return new DaemonClient(daemon.url(), "op", "op-pw", 30_000);
    }

    DaemonClient alice() {
        return new DaemonClient(daemon.url(), "alice", "alice-pw", 30_000);
    }

    int installActive() throws Exception {
        return installActive(REQUEST);
    }

    int installActive(String request) throws Exception {
        return ResourceFixture.installActive(alice(), request);
    }

    @Test
    void aGroupStartsWithItsMinimumOnTwoHostsAndEachUnitGoesThroughTheMemberServingIt() throws Exception {
        int id = installActive();

        List<Map<String, Object>> members = natInstances(id);
        assertThat(members)
                .extracting(m -> m.get("instance")) // in the order their starts ended (they start at once)
                .containsExactlyInAnyOrder("a%d-nat".formatted(id), "a%d-nat-2".formatted(id));
        assertThat(members).extracting(m -> m.get("host")).containsExactlyInAnyOrder("mh1", "mh2");
        assertThat(Files.exists(dir.resolve("state/groups/a%d.json".formatted(id))))
                .isTrue();
        // Units dealt in turn: the first member .0/26 and .128/26, the second .64/26 and .192/26; both directions.
        assertThat(unitsThrough(id))
                .isEqualTo(Map.of(
                        "a%d-nat".formatted(id),
                                List.of("10.81.0.0/26", "10.81.0.128/26", "198.51.100.8", "198.51.100.10"),
                        "a%d-nat-2".formatted(id),
                                List.of("10.81.0.64/26", "10.81.0.192/26", "198.51.100.9", "198.51.100.11")));
    }

    @Test
    void aDeadMemberIsRestartedWithItsUnitsMembersOutliveARestartAndDeleteStopsThemAll() throws Exception {
        int id = installActive();
        String second = "a%d-nat-2".formatted(id);
        String secondHost = hostOf(id, second);
        gateways.failed.add(second);
        ReturnValue told =
                operator().call("pm_failed", new PmFailure(secondHost, second, "failed", 137, "killed by SIGKILL"));
        assertThat(told.isSuccess()).as(told.message()).isTrue();
        await("the member is restarted", () -> reason(id), r -> r.contains("restarted PMs [" + second + "]"));
        assertThat(gateways.log)
                .containsSubsequence("delete_pm " + second, "create_pm " + second, "create_connections " + id);
        assertThat(unitsThrough(id).get(second))
                .containsExactly("10.81.0.64/26", "10.81.0.192/26", "198.51.100.9", "198.51.100.11");

        // A stray instance under the allocation's tag is an orphan; the members are not.
        gateways.pmsByHost.get(secondHost).add("a%d-nat-3".formatted(id));
        daemon.stop();
        daemon = ResourceDaemonTest.startDaemon(dir, gateways, Map.of());
        assertThat(ResourceFixture.settle(alice(), id).isSuccess()).isTrue();
        await("the orphan is removed", () -> gateways.log, l -> l.contains("delete_pm a%d-nat-3".formatted(id)));
        assertThat(gateways.pmCount()).isEqualTo(2);
        assertThat(natInstances(id)).hasSize(2);

        assertThat(alice().call("delete_allocation", id).isNotReady()).isTrue();
        assertThat(ResourceFixture.settle(alice(), id).message()).contains("deleted");
        assertThat(gateways.pmCount()).isZero();
        assertThat(Files.exists(dir.resolve("state/groups/a%d.json".formatted(id))))
                .isFalse();
    }

    @Test
    void loadAboveScaleOutAddsAMemberWithAUnitAndLoadBelowScaleInDrainsOne() throws Exception {
        int id = installActive();
        String first = "a%d-nat".formatted(id);
        String second = "a%d-nat-2".formatted(id);
        String third = "a%d-nat-3".formatted(id);
        Thread.sleep(1100); // the install's COOL_DOWN (1 s)

        daemon.reactToLoad(summary(id, Map.of(first, 0.95, second, 0.5))); // 0.25 cores each: 380% and 200%
        await(
                "a third member serves one of the busiest one's units",
                () -> reason(id),
                r -> r.contains("scaling out nat") && r.contains(third) && r.contains("serves 10.81.0.0/26"));
        assertThat(natInstances(id)).hasSize(3);
        assertThat(unitsThrough(id).get(third)).containsExactly("10.81.0.0/26", "198.51.100.8");
        assertThat(unitsThrough(id).get(first)).containsExactly("10.81.0.128/26", "198.51.100.10");
        // The unit moves in phases (the platform's move), selected by its external address.
        String unit = " external 198.51.100.8";
        assertThat(pmFlowsOps)
                .containsSubsequence(
                        "export " + first + unit,
                        "reserve " + third + unit,
                        "accept_daisy " + third + unit,
                        "daisy " + first + unit,
                        "count " + first + unit,
                        "await " + third + unit + " batch 0/8",
                        "take " + first + unit + " batch 0/8",
                        "release " + third + unit + " batch 7/8",
                        "freeze " + third + unit,
                        "hand_over " + first + unit,
                        "release " + third + unit,
                        "end_daisy " + third + unit);
        assertThat(gateways.relayed).contains("set_daisy_paths");

        Thread.sleep(1100); // the scale-out's COOL_DOWN (ScalePolicyTest: nothing changes within it)
        daemon.reactToLoad(summary(id, Map.of(first, 0.01, second, 0.02, third, 0.03)));
        await(
                "the idlest member is drained and stopped",
                () -> reason(id),
                r -> r.contains("scaling in nat") && r.contains(first + " on") && r.contains("stopped"));
        assertThat(natInstances(id)).extracting(m -> m.get("instance")).containsExactlyInAnyOrder(second, third);
        assertThat(gateways.log).contains("delete_pm " + first);
        assertThat(unitsThrough(id).values().stream().mapToInt(List::size).sum())
                .isEqualTo(8); // every unit, both ways
    }

    @Test
    void aUnitWhoseMoveFailsStaysWithItsMemberAndANewMemberLeftWithoutUnitsIsStopped() throws Exception {
        int id = installActive();
        var answers = gateways.pmFlows;
        // The new member refuses the unit (a total copy's import, a phased move's start of the idle phase).
        gateways.pmFlows = request -> List.of("import", "accept_daisy").contains(request.get("op"))
                ? ReturnValue.failure(
                        "inside 10.81.0.0/26: 10.81.0.1:5000 is already mapped to 198.51.100.8:20000 here")
                : answers.apply(request);
        Map<String, List<String>> before = unitsThrough(id);

        ReturnValue outcome = scaleOutByOperator(id);
        assertThat(outcome.isFailure()).isTrue();
        assertThat(outcome.message())
                .contains(
                        "scaling out nat (forced by an operator) aborted", "serves on with its units", "already mapped")
                .doesNotContain("Exception");
        assertThat(unitsThrough(id)).isEqualTo(before);
        assertThat(natInstances(id)).hasSize(2);
        assertThat(gateways.pmCount()).isEqualTo(2);
        assertThat(alice().call("get_allocation", id).message()).contains("is active");
    }

    @Test
    void aNewMemberIsPlacedWithTheHostsCapacityAndAScaleOutNoHostHasRoomForIsRefusedInWords() throws Exception {
        int id = installActive();
        Map<String, List<String>> before = unitsThrough(id);
        // The hosts shrink to one NAT each (0.25 cores): the two members the install placed fill them.
        for (String host : List.of("mh1", "mh2")) {
            ReturnValue registered = operator()
                    .call("register_host", StandInHost.registration(host, ResourceFixture.NOWHERE, 0.25, 4096));
            assertThat(registered.isSuccess()).as(registered.message()).isTrue();
        }

        ReturnValue outcome = scaleOutByOperator(id);
        assertThat(outcome.isFailure()).as(outcome.message()).isTrue();
        assertThat(outcome.message())
                .contains("scaling out nat (forced by an operator) refused", "no module host has room for", "cores")
                .doesNotContain("Exception");
        assertThat(unitsThrough(id)).isEqualTo(before);
        assertThat(natInstances(id)).hasSize(2);
        assertThat(gateways.pmCount()).isEqualTo(2);

        // A third host with room takes the new member; with the two full hosts crowded it is the only choice.
        ReturnValue third =
                operator().call("register_host", StandInHost.registration("mh3", ResourceFixture.NOWHERE, 1, 4096));
        assertThat(third.isSuccess()).as(third.message()).isTrue();
        ReturnValue grown = scaleOutByOperator(id);
        assertThat(grown.isSuccess()).as(grown.message()).isTrue();
        assertThat(hostOf(id, "a%d-nat-3".formatted(id))).isEqualTo("mh3");
    }

    @Test
    void aDrainedFirstMemberGivesItsPlaceBackAndGetAllocationShowsEachMembersUnits() throws Exception {
        shrinkHostsToOneNatEach();
        int id = installActive(REQUEST.replace("GROUP=nat 2-3", "GROUP=nat 1-2"));
        String first = "a%d-nat".formatted(id);
        String second = "a%d-nat-2".formatted(id);
        List<String> units = List.of("10.81.0.0/26", "10.81.0.64/26", "10.81.0.128/26", "10.81.0.192/26");
        assertThat(groupShown(id)).isEqualTo(Map.of(first, units));

        assertThat(scaleOutByOperator(id).isSuccess()).isTrue(); // fills the other host
        String firstHost = hostOf(id, first);
        String secondHost = hostOf(id, second);
        assertThat(groupShown(id)).isEqualTo(Map.of(first, units.subList(2, 4), second, units.subList(0, 2)));
        for (String unit : units.subList(2, 4)) { // the first member's units go to the second
            ReturnValue queued = alice().call("migrate_flows", id, "nat", secondHost, "inside " + unit);
            assertThat(queued.isNotReady()).as(queued.message()).isTrue();
            ReturnValue moved = await(
                    "the unit moves", () -> alice().call("get_task_result", queued.value()), r -> !r.isNotReady());
            assertThat(moved.isSuccess()).as(moved.message()).isTrue();
        }
        ReturnValue in = operator().call("scale_group", id, "in"); // drains the member with the fewest: the first
        assertThat(in.isNotReady()).as(in.message()).isTrue();
        assertThat(await(
                                "the scale-in ends",
                                () -> operator().call("get_task_result", in.value()),
                                r -> !r.isNotReady())
                        .isSuccess())
                .isTrue();
        assertThat(groupShown(id)).isEqualTo(Map.of(second, units));
        assertThat(placementOf(id)).containsEntry("nat", secondHost); // the placement holds the oldest member now

        // The first member's host has its room back: a new member fits there, nowhere else.
        ReturnValue grown = scaleOutByOperator(id);
        assertThat(grown.isSuccess()).as(grown.message()).isTrue();
        assertThat(hostOf(id, first)).isEqualTo(firstHost);
        assertThat(groupShown(id)).isEqualTo(Map.of(second, units.subList(2, 4), first, units.subList(0, 2)));
    }

    @Test
    void aFailoverPlacesAMemberOfADeadHostAgainWithARoomOfItsOwn() throws Exception {
        // Again with hosts that are down after 3 s without heartbeats (heartbeats every 200 ms, late on a loaded
        // machine), each with room for one NAT.
        daemon.stop();
        daemon = ResourceDaemonTest.startDaemon(
                dir.resolve("failover"), gateways, Map.of("hostTimeoutSeconds", 3, "hostCheckSeconds", 1));
        for (String host : List.of("mh1", "mh2", "mh3")) {
            ReturnValue registered = operator()
                    .call("register_host", StandInHost.registration(host, ResourceFixture.NOWHERE, 0.25, 4096));
            assertThat(registered.isSuccess()).as(registered.message()).isTrue();
        }
        try (ResourceFixture.Heartbeats all = new ResourceFixture.Heartbeats(operator(), "mh1", "mh2", "mh3")) {
            int id = installActive(REQUEST);
            String first = "a%d-nat".formatted(id);
            String second = "a%d-nat-2".formatted(id);
            String firstHost = hostOf(id, first);
            String deadHost = hostOf(id, second);
            String spareHost = List.of("mh1", "mh2", "mh3").stream()
                    .filter(h -> !h.equals(firstHost) && !h.equals(deadHost))
                    .findFirst()
                    .orElseThrow();
            Map<String, List<String>> unitsBefore = groupShown(id);
            all.close();
            try (ResourceFixture.Heartbeats alive = new ResourceFixture.Heartbeats(operator(), firstHost, spareHost)) {
                await(
                        "the member on the dead host starts on the spare one",
                        () -> alice().call("get_allocation", id),
                        r -> r.isSuccess() && r.message().contains("moved off module host " + deadHost));
                assertThat(hostOf(id, second)).isEqualTo(spareHost);
                assertThat(hostOf(id, first)).isEqualTo(firstHost);
                assertThat(placementOf(id)).containsEntry("nat", firstHost);
                assertThat(groupShown(id)).isEqualTo(unitsBefore);
                assertThat(unitsThrough(id).get(second)).hasSize(4); // two units, both ways, through the new member

                // The spare host's room is the member's: with the dead host down, no host has room for a third.
                ReturnValue refused = scaleOutByOperator(id);
                assertThat(refused.isFailure()).as(refused.message()).isTrue();
                assertThat(refused.message()).contains("no module host has room for");
            }
        }
    }

    /** Registers mh1 and mh2 again with room for one NAT each (0.25 cores). */
    private void shrinkHostsToOneNatEach() {
        for (String host : List.of("mh1", "mh2")) {
            ReturnValue registered = operator()
                    .call("register_host", StandInHost.registration(host, ResourceFixture.NOWHERE, 0.25, 4096));
            assertThat(registered.isSuccess()).as(registered.message()).isTrue();
        }
    }

    @Test
    void membersCountInTheTenantsQuotaAndAScaleOutOverItIsRefusedInWords() throws Exception {
        daemon.stop(); // again with a quota of two NATs (0.25 cores each)
        daemon = ResourceDaemonTest.startDaemon(
                dir.resolve("small-quota"),
                gateways,
                Map.of("quotas", Map.of("defaults", Map.of("cpuCores", 0.5, "memoryMb", 4096, "allocations", 3))));
        for (String host : List.of("mh1", "mh2")) {
            ReturnValue registered =
                    operator().call("register_host", StandInHost.registration(host, ResourceFixture.NOWHERE, 4, 4096));
            assertThat(registered.isSuccess()).as(registered.message()).isTrue();
        }
        int id = installActive(); // its MIN of two members: the whole quota
        assertRefused(
                alice().call(
                                "install_allocation",
                                REQUEST.replace("10.81.0.0/24", "10.82.0.0/24")
                                        .replace("198.51.100.8/30", "198.51.100.16/30")),
                "quota: this request needs 0.50 CPU cores and you hold 0.50 of your 0.50");
        Map<String, List<String>> before = unitsThrough(id);

        assertRefused(
                operator().call("scale_group", id, "out"),
                "quota: a new member of group nat needs 0.25 CPU cores and you hold 0.50 of your 0.50; nothing changed");
        assertThat(unitsThrough(id)).isEqualTo(before);
        assertThat(natInstances(id)).hasSize(2);
        assertThat(gateways.pmCount()).isEqualTo(2);
    }

    @Test
    void badScaleAndUnitMoveRequestsAreRefusedInWordsAndChangeNothing() throws Exception {
        int id = installActive();
        Map<String, List<String>> before = unitsThrough(id);
        String secondHost = hostOf(id, "a%d-nat-2".formatted(id));
        String firstHost = hostOf(id, "a%d-nat".formatted(id));

        assertRefused(operator().call("scale_group", id, "sideways"), "direction 'sideways': give \"out\"");
        assertRefused(operator().call("scale_group", 999, "out"), "no such allocation: 999");
        assertRefused(operator().call("scale_group", id), "expected 2 parameters (alloc_id, direction)");
        assertRefused(alice().call("scale_group", id, "out"), "");
        assertRefused(operator().call("scale_group", id, "in"), "group nat has 2 member(s), its MIN; nothing changed");
        assertRefused(alice().call("migrate_flows", id, "nat", secondHost, ""), "runs as a group of 2 member(s)");
        assertRefused(
                alice().call("migrate_flows", id, "nat", secondHost, "inside 10.9.0.0/26"), "one of 10.81.0.0/26");
        assertRefused(
                alice().call("migrate_flows", id, "nat", firstHost, "inside 10.81.0.0/26"),
                "no other member of group nat runs on '%s'".formatted(firstHost));
        assertRefused(
                new DaemonClient(daemon.url(), "bob", "bob-pw", 30_000)
                        .call("migrate_flows", id, "nat", secondHost, "inside 10.81.0.0/26"),
                "no such allocation: " + id);
        assertThat(unitsThrough(id)).isEqualTo(before);

        // The same filter to the host of the other member moves the unit.
        ReturnValue queued = alice().call("migrate_flows", id, "nat", secondHost, "inside 10.81.0.0/26");
        assertThat(queued.isNotReady()).as(queued.message()).isTrue();
        ReturnValue moved =
                await("the unit moves", () -> alice().call("get_task_result", queued.value()), r -> !r.isNotReady());
        assertThat(moved.isSuccess()).as(moved.message()).isTrue();
        assertThat(unitsThrough(id).get("a%d-nat-2".formatted(id))).contains("10.81.0.0/26", "198.51.100.8");
    }

    @Test
    void aUnitMoveARestartInterruptedEndsWithTheMemberTheGroupRecordsServingItAndBothUnfrozen() throws Exception {
        int id = installActive();
        PlacedPm first = placed(id, "a%d-nat".formatted(id));
        PlacedPm second = placed(id, "a%d-nat-2".formatted(id));
        // Before the hand-over (the group still gives 10.81.0.0/26 to the first): the second forgets what it imported.
        daemon.stop();
        Path journal = dir.resolve("state/migrations");
        new FileMoveJournal(journal)
                .write(new MoveJournal.Entry(id, first, second, List.of("nat"), "inside 10.81.0.0/26", false));
        pmFlowsOps.clear();
        daemon = ResourceDaemonTest.startDaemon(dir, gateways, Map.of());
        await("the move is settled", () -> new FileMoveJournal(journal).unfinished(), List::isEmpty);

        assertThat(pmFlowsOps)
                .contains(
                        "delete %s inside 10.81.0.0/26".formatted(second.instance()),
                        "release %s inside 10.81.0.0/26".formatted(second.instance()),
                        "release %s inside 10.81.0.0/26".formatted(first.instance()));
        assertThat(pmFlowsOps).doesNotContain("delete %s inside 10.81.0.0/26".formatted(first.instance()));
        assertThat(natInstances(id)).hasSize(2); // no member is stopped
        assertThat(unitsThrough(id).get(first.instance())).contains("10.81.0.0/26");
        assertThat(reason(id)).contains("interrupted by a restart", first.instance() + " serves it on");

        // Once the hand-over began the group gives the unit to the new member (here the first): it keeps the state.
        daemon.stop();
        new FileMoveJournal(journal)
                .write(new MoveJournal.Entry(id, second, first, List.of("nat"), "inside 10.81.0.0/26", true));
        pmFlowsOps.clear();
        daemon = ResourceDaemonTest.startDaemon(dir, gateways, Map.of());
        await("the move is settled", () -> new FileMoveJournal(journal).unfinished(), List::isEmpty);
        assertThat(pmFlowsOps)
                .containsExactlyInAnyOrder(
                        "release %s inside 10.81.0.0/26".formatted(second.instance()),
                        "release %s inside 10.81.0.0/26".formatted(first.instance()));
        assertThat(natInstances(id)).hasSize(2);

        // A phased unit move (its filter the unit's external address) before the hand-over: the new member gives
        // everything back the phased move's way, and the move's daisy paths leave the switch.
        daemon.stop();
        String unit = "external 198.51.100.8";
        new FileMoveJournal(journal)
                .write(new MoveJournal.Entry(id, first, second, List.of("nat"), unit, false, true, "", List.of()));
        pmFlowsOps.clear();
        gateways.relayed.clear();
        daemon = ResourceDaemonTest.startDaemon(dir, gateways, Map.of());
        await("the move is settled", () -> new FileMoveJournal(journal).unfinished(), List::isEmpty);
        assertThat(pmFlowsOps)
                .containsSubsequence(
                        "freeze %s %s".formatted(first.instance(), unit),
                        "take %s %s".formatted(second.instance(), unit),
                        "import %s %s".formatted(first.instance(), unit),
                        "hand_over %s %s".formatted(second.instance(), unit),
                        "release %s %s".formatted(first.instance(), unit));
        assertThat(gateways.relayed).contains("set_daisy_paths");
        assertThat(natInstances(id)).hasSize(2);
        assertThat(unitsThrough(id).get(first.instance())).contains("10.81.0.0/26");
        assertThat(reason(id)).contains("interrupted by a restart", first.instance() + " serves it on");
    }

    // ---- helpers ----

    @SuppressWarnings("unchecked")
    private PlacedPm placed(int id, String instance) {
        Map<String, Object> m = natInstances(id).stream()
                .filter(i -> i.get("instance").equals(instance))
                .findFirst()
                .orElseThrow();
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        ((Map<String, Object>) m.get("switch_ports")).forEach((k, v) -> ports.put(k, ((Number) v).intValue()));
        return new PlacedPm("nat", (String) m.get("host"), instance, ports);
    }

    /** scale_group(id, "out") as an operator: the queued change's outcome once it ended. */
    private ReturnValue scaleOutByOperator(int id) throws Exception {
        ReturnValue queued = operator().call("scale_group", id, "out");
        assertThat(queued.isNotReady()).as(queued.message()).isTrue();
        return await(
                "the scale-out ends", () -> operator().call("get_task_result", queued.value()), r -> !r.isNotReady());
    }

    private static void assertRefused(ReturnValue answer, String words) {
        assertThat(answer.isFailure()).as(answer.message()).isTrue();
        assertThat(answer.message()).contains(words).doesNotContain("Exception");
    }

    /** Each member's units as the switch sees them: the nw_src prefix or nw_dst address of the paths through it. */
    private Map<String, List<String>> unitsThrough(int id) {
        ConnectionWiring wiring = gateways.wiringByAllocation.get(id);
        Map<Integer, String> byPort = new java.util.HashMap<>();
        for (Map<String, Object> m : natInstances(id)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> ports = (Map<String, Object>) m.get("switch_ports");
            ports.values().forEach(p -> byPort.put(((Number) p).intValue(), (String) m.get("instance")));
        }
        Map<String, List<String>> units = new java.util.TreeMap<>();
        for (WiringPath path : wiring.paths()) {
            String member = byPort.get(path.pms().get(0).inPort().intValue());
            String match = path.match();
            String unit = match.replaceAll(".*nw_(src|dst)=([0-9./]+).*", "$2");
            List<String> through = units.computeIfAbsent(member, k -> new ArrayList<>());
            if (!through.contains(unit)) { // a NAT's paths include every input to every output: two per direction
                through.add(unit);
            }
        }
        units.values()
                .forEach(
                        l -> { // the inside prefixes, then the external addresses, each in address order
                            List<String> sorted = new ArrayList<>(l.stream()
                                    .filter(u -> u.contains("/"))
                                    .sorted(GroupLifecycleTest::byAddress)
                                    .toList());
                            sorted.addAll(l.stream()
                                    .filter(u -> !u.contains("/"))
                                    .sorted(GroupLifecycleTest::byAddress)
                                    .toList());
                            l.clear();
                            l.addAll(sorted);
                        });
        return units;
    }

    private static int byAddress(String a, String b) {
        return Long.compare(number(a), number(b));
    }

    private static long number(String address) {
        long n = 0;
        for (String part : address.replaceAll("/.*", "").split("\\.")) {
            n = n * 256 + Long.parseLong(part);
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> natInstances(int id) {
        Map<String, Object> view =
                (Map<String, Object>) alice().call("get_allocation", id).value();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object i : (Object[]) view.get("pms")) {
            Map<String, Object> m = (Map<String, Object>) i;
            if ("nat".equals(m.get("pm"))) {
                out.add(m);
            }
        }
        return out;
    }

    private String hostOf(int id, String instance) {
        return natInstances(id).stream()
                .filter(m -> m.get("instance").equals(instance))
                .map(m -> (String) m.get("host"))
                .findFirst()
                .orElseThrow();
    }

    /** The group as get_allocation shows it: each member's instance and its units. */
    @SuppressWarnings("unchecked")
    private Map<String, List<String>> groupShown(int id) {
        Map<String, Object> group = (Map<String, Object>)
                ((Map<String, Object>) alice().call("get_allocation", id).value()).get("group");
        Map<String, List<String>> shown = new java.util.TreeMap<>();
        for (Object m : (Object[]) group.get("members")) {
            Map<String, Object> member = (Map<String, Object>) m;
            shown.put(
                    (String) member.get("instance"),
                    java.util.Arrays.stream((Object[]) member.get("units"))
                            .map(String::valueOf)
                            .sorted(GroupLifecycleTest::byAddress)
                            .toList());
        }
        return shown;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> placementOf(int id) {
        return (Map<String, Object>)
                ((Map<String, Object>) alice().call("get_allocation", id).value()).get("placement");
    }

    private String reason(int id) {
        return alice().call("get_allocation", id).message();
    }

    /** A monitoring summary in which each named member used this CPU per second (its PM was given 0.25 cores). */
    private PlatformSummary summary(int id, Map<String, Double> cpuFraction) {
        List<HostSummary> hosts = new ArrayList<>();
        for (String host : List.of("mh1", "mh2")) {
            List<PmSummary> pms = new ArrayList<>();
            for (Map<String, Object> m : natInstances(id)) {
                Double load = cpuFraction.get((String) m.get("instance"));
                if (host.equals(m.get("host")) && load != null) {
                    pms.add(new PmSummary(
                            (String) m.get("instance"),
                            "running",
                            10,
                            1 << 20,
                            0,
                            0,
                            0,
                            0,
                            100,
                            100,
                            0,
                            0,
                            load * 0.25));
                }
            }
            hosts.add(new HostSummary(
                    host, "http://" + host, true, 0, 0, "", "", true, true, 2.0, 0.5, 4096L, 2048L, pms));
        }
        return new PlatformSummary("monitoring", "now", hosts, List.of(), null, List.of(), List.of());
    }
}
