package org.flowstream.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.testing.Eventually;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.PmFailure;
import org.flowstream.contracts.records.modulehost.PmTypeInfo;
import org.flowstream.contracts.records.openflow.ConnectionWiring;
import org.flowstream.contracts.records.resource.HostListing;
import org.flowstream.resource.bench.StandInHost;
import org.flowstream.resource.gateway.GatewayException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resource daemon's lifecycle logic over real XML-RPC, with recording module hosts and switch (so that
 * failures can be injected at exact points): rollback, tenant isolation, quotas, persistence across restart.
 */
class ResourceDaemonTest {

    @TempDir
    Path dir;

    RecordingGateways gateways = new RecordingGateways();
    ResourceDaemon daemon;

    @BeforeEach
    void start() throws Exception {
        daemon = startDaemon();
        registerHost("mh1", 4, 4096);
    }

    @AfterEach
    void stop() {
        daemon.stop();
    }

    ResourceDaemon startDaemon() throws Exception {
        return startDaemon(Map.of());
    }

    /** A daemon on this test's state directory; {@code extraSettings} add to (or replace) the usual settings. */
    ResourceDaemon startDaemon(Map<String, Object> extraSettings) throws Exception {
        return startDaemon(dir, gateways, extraSettings);
    }

    /** A resource daemon over real XML-RPC with recording module hosts and switch: users op, alice, bob; I/O nodes net0, net1. */
    static ResourceDaemon startDaemon(Path dir, RecordingGateways gateways, Map<String, Object> extraSettings)
            throws Exception {
        Map<String, Integer> ioPorts =
                new java.util.LinkedHashMap<>(); // the first is where FromNet traffic enters by default
        ioPorts.put("net0", 1);
        ioPorts.put("net1", 2);
        Map<String, Object> settings = new java.util.HashMap<>(Map.of(
                "ioPorts",
                ioPorts,
                "quotas",
                Map.of("defaults", Map.of("cpuCores", 4, "memoryMb", 4096, "allocations", 3))));
        settings.putAll(extraSettings);
        ResourceDaemon d =
                new ResourceDaemon(ResourceFixture.config(dir.resolve("state"), settings), gateways, gateways);
        d.start();
        return d;
    }

    DaemonClient operator() {
        return new DaemonClient(daemon.url(), "op", "op-pw", 30_000);
    }

    DaemonClient alice() {
        return new DaemonClient(daemon.url(), "alice", "alice-pw", 30_000);
    }

    DaemonClient bob() {
        return new DaemonClient(daemon.url(), "bob", "bob-pw", 30_000);
    }

    void registerHost(String name, double cpu, int memory) {
        registerHost(operator(), name, cpu, memory);
    }

    /** A module host offering IPFilter and Counter on linux.netns (the recording gateways never call it). */
    static void registerHost(DaemonClient operator, String name, double cpu, int memory) {
        ResourceFixture.registerHost(operator, name, ResourceFixture.NOWHERE, cpu, memory);
    }

    int install(DaemonClient client, String request) {
        ReturnValue accepted = client.call("install_allocation", request);
        assertThat(accepted.code()).as(accepted.message()).isEqualTo(ReturnValue.CODE_NOT_READY);
        return (Integer) accepted.value();
    }

    @Test
    void installPlacesStartsWiresAndActivatesThenDeleteRemovesEverything() throws Exception {
        int id = install(alice(), StandInHost.REQUEST);
        ReturnValue active = ResourceFixture.settle(alice(), id);
        assertThat(active.isSuccess()).as(active.message()).isTrue();
        @SuppressWarnings("unchecked")
        Map<String, Object> view = (Map<String, Object>) active.value();
        assertThat(view.get("state")).isEqualTo("active");
        assertThat(view.get("placement")).isEqualTo(Map.of("fw", "mh1", "c", "mh1"));
        assertThat(gateways.pmCount()).isEqualTo(2);
        assertThat(gateways.wiringByAllocation.get(id).paths()).singleElement().satisfies(p -> {
            assertThat(p.match()).isEqualTo("ip,nw_src=10.0.0.1");
            assertThat(p.fromPort()).isEqualTo(1);
            assertThat(p.toPort()).isEqualTo(2);
            assertThat(p.pms()).hasSize(2);
        });

        assertDeletedWithNothingLeft(id);
    }

    /** Deletes alice's allocation and checks that it ends deleted with no PM and no rule left. */
    private void assertDeletedWithNothingLeft(int id) throws InterruptedException {
        assertThat(alice().call("delete_allocation", id).isNotReady()).isTrue();
        ReturnValue gone = ResourceFixture.settle(alice(), id);
        assertThat(gone.message()).contains("deleted");
        assertThat(gateways.pmCount()).isZero();
        assertThat(gateways.wiringByAllocation).isEmpty();
    }

    /** Whether a gateway call so far matches. */
    private boolean logged(java.util.function.Predicate<String> call) {
        return gateways.log.stream().anyMatch(call);
    }

    /** An allocation of alice's, installed and active. */
    private int activeAllocation() throws InterruptedException {
        int id = install(alice(), StandInHost.REQUEST);
        ReturnValue active = ResourceFixture.settle(alice(), id);
        assertThat(active.isSuccess()).as(active.message()).isTrue();
        return id;
    }

    @Test
    void aDeleteRemovesTheRulesAndStopsThePmsSideBySide() throws Exception {
        int id = activeAllocation();
        // delete_connections answers only once a PM of the allocation is being stopped: one after the other would
        // never get there.
        gateways.onDeleteConnections = alloc -> {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!logged(line -> line.startsWith("delete_pm a" + alloc + "-"))) {
                if (System.nanoTime() > deadline) {
                    throw new GatewayException("no PM was being stopped while the rules were removed");
                }
                LockSupport.parkNanos(5_000_000);
            }
        };
        assertDeletedWithNothingLeft(id);
    }

    @Test
    void aDeleteWhoseRulesCannotBeRemovedYetStopsThePmsAndIsFinishedWhenAskedAgain() throws Exception {
        int id = activeAllocation();
        gateways.onDeleteConnections = alloc -> {
            throw new GatewayException("the openflow daemon refused delete_connections: injected failure");
        };
        alice().call("delete_allocation", id);
        ReturnValue waiting = Eventually.await(
                "the delete waits for its rules",
                () -> alice().call("get_allocation", id),
                answer -> answer.message().contains("delete waits"));
        assertThat(waiting.isNotReady()).as(waiting.message()).isTrue();
        assertThat(waiting.message()).contains("injected failure");
        assertThat(gateways.pmCount()).as("the PMs are stopped meanwhile").isZero();
        assertThat(gateways.wiringByAllocation).containsKey(id);

        gateways.onDeleteConnections = alloc -> {};
        alice().call("delete_allocation", id);
        assertThat(ResourceFixture.settle(alice(), id).message()).contains("deleted");
        assertThat(gateways.wiringByAllocation).isEmpty();
    }

    @Test
    void awaitAllocationAnswersWhenTheInstallEndsAndHoldsAtMostSixteenCallersEightPerTenant() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        gateways.onStarted = instance -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        int id = install(alice(), StandInHost.REQUEST);
        assertThat(alice().call("await_allocation", id, 0).isNotReady())
                .as("no wait asked: answered at once")
                .isTrue();
        assertThat(alice().call("await_allocation", id, 61).message())
                .isEqualTo("timeout_seconds must be 0 to 60, got 61; call again to wait longer");
        assertThat(bob().call("await_allocation", id, 5).message())
                .as("another tenant's allocation does not exist for bob")
                .startsWith("no such allocation");
        int bobs = install(bob(), StandInHost.REQUEST.replace("10.0.0.1", "10.0.0.2"));
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            // Alice's 12 calls: 8 wait (her share), 4 are answered at once; then bob's 12 calls: 8 wait (the
            // daemon's 16 are all taken now), 4 are answered at once.
            List<Future<ReturnValue>> alices = awaitAll(callers, alice(), id, 12);
            awaitAnsweredAtOnce(alices, 4);
            List<Future<ReturnValue>> bobsWaits = awaitAll(callers, bob(), bobs, 12);
            awaitAnsweredAtOnce(bobsWaits, 4);
            assertThat(operator().call("await_allocation", id, 60).isNotReady())
                    .as("every wait taken: answered at once")
                    .isTrue();
            release.countDown();
            assertActiveOnceReleased(alices, id);
            assertActiveOnceReleased(bobsWaits, bobs);
        } finally {
            gateways.onStarted = instance -> {};
        }
        assertThat(alice().call("delete_allocation", id).isNotReady()).isTrue();
        ReturnValue deleted = alice().call("await_allocation", id, 60);
        assertThat(deleted.isSuccess()).as(deleted.message()).isTrue();
        assertThat(deleted.message()).startsWith("allocation %d is deleted".formatted(id));
    }

    private static List<Future<ReturnValue>> awaitAll(ExecutorService callers, DaemonClient client, int id, int n) {
        List<Future<ReturnValue>> waits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            waits.add(callers.submit(() -> client.call("await_allocation", id, 60)));
        }
        return waits;
    }

    /** Exactly {@code n} of the calls come back at once, unsettled; the others go on waiting. */
    private static void awaitAnsweredAtOnce(List<Future<ReturnValue>> waits, int n) throws Exception {
        Eventually.await(
                n + " callers answered at once",
                () -> waits.stream().filter(Future::isDone).count(),
                done -> done >= n);
        Thread.sleep(300); // a call past the limit would be answered by now too
        List<ReturnValue> early = new ArrayList<>();
        for (Future<ReturnValue> w : waits) {
            if (w.isDone()) {
                early.add(w.get());
            }
        }
        assertThat(early).hasSize(n).allMatch(ReturnValue::isNotReady);
    }

    private static void assertActiveOnceReleased(List<Future<ReturnValue>> waits, int id) throws Exception {
        long active = 0;
        for (Future<ReturnValue> w : waits) {
            if (w.get().isSuccess()) {
                assertThat(w.get().message()).startsWith("allocation %d is active".formatted(id));
                active++;
            }
        }
        assertThat(active).as("the calls that waited").isEqualTo(8);
    }

    @Test
    void aPmWhoseCreatePmWentUnansweredIsTakenNotStartedAgain() throws Exception {
        gateways.unansweredCreates.set(1); // the host starts the first PM but its answer never comes
        int id = install(alice(), StandInHost.REQUEST);
        ReturnValue active = ResourceFixture.settle(alice(), id);
        assertThat(active.isSuccess()).as(active.message()).isTrue();
        assertThat(gateways.pmCount()).isEqualTo(2);
        assertThat(gateways.log.stream().filter(line -> line.startsWith("create_pm a" + id + "-")))
                .as("each PM started once")
                .hasSize(2);
        assertThat(gateways.log).noneMatch(line -> line.startsWith("delete_pm a" + id + "-"));
        assertThat(gateways.log).contains("list_pms mh1");
    }

    /**
     * Admission counts a request the moment it passes, while its insert is still being flushed: of eight identical
     * requests sent at once exactly one is accepted (the others overlap it), and of eight distinct ones exactly as
     * many as the quota (3 allocations, 4 cores) allows.
     */
    @Test
    void concurrentRequestsCannotBothPassTheOverlapAndQuotaChecks() throws Exception {
        List<ReturnValue> same = installAtOnce(i -> StandInHost.REQUEST);
        assertThat(same.stream().filter(ReturnValue::isNotReady)).hasSize(1);
        assertThat(same.stream().filter(ReturnValue::isFailure))
                .hasSize(7)
                .allSatisfy(r -> assertThat(r.message()).contains("FromNet"));
        for (ReturnValue r : same) {
            if (r.isNotReady()) {
                assertDeletedWithNothingLeft((Integer) r.value());
            }
        }
        List<ReturnValue> distinct = installAtOnce(i -> StandInHost.distinctRequest());
        long accepted = distinct.stream().filter(ReturnValue::isNotReady).count();
        assertThat(accepted)
                .as("at most the quota's 3 allocations, and its CPU")
                .isBetween(1L, 3L);
        assertThat(distinct.stream().filter(ReturnValue::isFailure))
                .hasSize(8 - (int) accepted)
                .allSatisfy(r -> assertThat(r.message()).startsWith("quota: "));
    }

    /** Eight install_allocation calls of alice's, released at once; their answers. */
    private List<ReturnValue> installAtOnce(java.util.function.IntFunction<String> request) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ReturnValue>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String text = request.apply(i);
                answers.add(callers.submit(() -> {
                    go.await();
                    return alice().call("install_allocation", text);
                }));
            }
            go.countDown();
            List<ReturnValue> out = new ArrayList<>();
            for (Future<ReturnValue> a : answers) {
                out.add(a.get());
            }
            return out;
        }
    }

    @Test
    void aModuleHostRefusingAPmMidInstallLeavesNothingBehind() throws Exception {
        gateways.refusePmNamed = "c";
        int id = install(alice(), StandInHost.REQUEST);
        ReturnValue failed = ResourceFixture.settle(alice(), id);
        assertThat(failed.isFailure()).isTrue();
        assertThat(failed.message()).contains("step 2 of 4 (start PMs) failed").contains("injected failure");
        assertThat(gateways.pmCount()).isZero();
        assertThat(gateways.log).contains("create_pm a%d-fw".formatted(id), "delete_pm a%d-fw".formatted(id));
        assertThat(gateways.wiringByAllocation).isEmpty();
    }

    @Test
    void aRefusedWiringUndoesThePmsToo() throws Exception {
        gateways.refuseWiring = true;
        int id = install(alice(), StandInHost.REQUEST);
        assertThat(ResourceFixture.settle(alice(), id).message()).contains("(install rules) failed");
        assertThat(gateways.pmCount()).isZero();
    }

    @Test
    void badRequestsAreRefusedAtOnceWithTheLanguagesErrors() {
        ReturnValue r =
                alice().call("install_allocation", "ft :: FromNet(\"ip,nw_src=10.0.0.1\")\nm :: Mirror(\"\nft -> m\n");
        assertThat(r.isFailure()).isTrue();
        assertThat(r.message()).contains("allocation:2:").contains("error:");
        ReturnValue unknownBase =
                alice().call("install_allocation", StandInHost.REQUEST.replace("linux.netns", "xen.clickos"));
        assertThat(unknownBase.message()).contains("xen.clickos").contains("available: linux.netns");
        assertThat(alice().call("list_allocations").value()).isEqualTo(new Object[0]);
    }

    @Test
    void tenantsSeeAndDeleteOnlyTheirOwnAllocations() throws Exception {
        int id = install(alice(), StandInHost.REQUEST);
        ResourceFixture.settle(alice(), id);
        assertThat(bob().call("get_allocation", id).message()).contains("no such allocation: " + id);
        assertThat(bob().call("delete_allocation", id).isFailure()).isTrue();
        assertThat((Object[]) bob().call("list_allocations").value()).isEmpty();
        assertThat((Object[]) operator().call("list_allocations").value()).hasSize(1);
        assertThat(ResourceFixture.settle(alice(), id).isSuccess()).isTrue();
    }

    @Test
    void quotasLimitWhatATenantHolds() throws Exception {
        for (int i = 0; i < 3; i++) {
            ResourceFixture.settle(alice(), install(alice(), StandInHost.distinctRequest()));
        }
        ReturnValue fourth = alice().call("install_allocation", StandInHost.distinctRequest());
        assertThat(fourth.isFailure()).isTrue();
        assertThat(fourth.message()).contains("quota: you hold 3 allocations");
        assertThat(bob().call("install_allocation", StandInHost.distinctRequest())
                        .isNotReady())
                .isTrue();
    }

    @Test
    void operatorOnlyMethodsRefuseTenants() {
        assertThat(alice().call("deploy_pm", "Foo", "class Foo {}").message()).contains("for operators");
        assertThat(alice().call("create_pm", Map.of("host", "mh1")).message()).contains("for operators");
        assertThat(alice().call("create_connections", "br0", 0, "{}").message()).contains("for operators");
        assertThat(alice().call("register_host", Map.of()).message())
                .contains("is for the platform's daemons and operators");
    }

    @Test
    void getPmInfoListsDescriptionAndPrimitivesPairs() {
        Object[] pairs = (Object[]) alice().call("get_pm_info").value();
        assertThat(pairs).hasSize(2);
        Object[] counter = (Object[]) pairs[0];
        assertThat((String) counter[0]).startsWith("Counter (inputs 1, outputs 1): Counter");
        // the module host's own struct (PmTypeInfo, read strictly), with the size the catalogue gives a Counter
        PmTypeInfo info = Structs.fromStruct(counter[1], PmTypeInfo.class);
        assertThat(info.type()).isEqualTo("Counter");
        assertThat(info.ports()).isEqualTo("1/1");
        assertThat(info.primitives()).containsOnlyKeys("Read", "Count");
        assertThat(info.cpuCores()).isEqualTo(StandInHost.TYPICAL.counterCores());
        assertThat(info.memoryMb()).isEqualTo(StandInHost.TYPICAL.counterMemoryMb());
    }

    @Test
    void deployPmRejectsWhatDoesNotCompileAndAddsWhatDoes() {
        String usesSampler = StandInHost.REQUEST.replace("c :: Counter", "c :: Sampler");
        assertThat(alice().call("check_allocation", usesSampler).message())
                .contains("allocation:4:6: error: unknown element class 'Sampler'");
        ReturnValue broken = operator().call("deploy_pm", "Sampler", "it does not compile");
        assertThat(broken.isFailure()).isTrue();
        assertThat(broken.message()).contains("Sampler.java:1: error");
        ReturnValue ok = operator().call("deploy_pm", "Sampler", "public class Sampler {}");
        assertThat(ok.isSuccess()).as(ok.message()).isTrue();
        assertThat((Object[]) alice().call("get_pm_info").value()).hasSize(3);
        ReturnValue deployed = alice().call("check_allocation", usesSampler);
        assertThat(deployed.isSuccess())
                .as("requests are checked against deployed types too: " + deployed.message())
                .isTrue();
    }

    @Test
    void acknowledgedAllocationsSurviveARestartAndTheirRulesAreReasserted() throws Exception {
        int id = install(alice(), StandInHost.REQUEST);
        ResourceFixture.settle(alice(), id);
        daemon.stop();
        gateways.wiringByAllocation.clear(); // the switch lost its rules meanwhile
        daemon = startDaemon();
        ReturnValue after = ResourceFixture.settle(alice(), id);
        assertThat(after.isSuccess()).as(after.message()).isTrue();
        for (int i = 0; i < 500 && !gateways.wiringByAllocation.containsKey(id); i++) {
            Thread.sleep(10);
        }
        assertThat(gateways.wiringByAllocation).containsKey(id);
    }

    /** A daemon whose hosts time out after 1 s, hosts mh1 and mh2, and an active allocation on them; its id. */
    private int activeOnTwoHostsThatTimeOutInOneSecond() throws Exception {
        daemon.stop();
        daemon = startDaemon(Map.of("hostTimeoutSeconds", 1, "hostCheckSeconds", 1));
        registerHost("mh2", 4, 4096);
        int id = install(alice(), StandInHost.REQUEST);
        assertThat(ResourceFixture.settle(alice(), id).isSuccess()).isTrue();
        return id;
    }

    @Test
    void anAllocationOnAHostThatGoesDownMovesToAHostThatIsUpAndTheReturningHostLosesItsOldPms() throws Exception {
        int id = activeOnTwoHostsThatTimeOutInOneSecond();
        String first = placement(id).get("fw");
        String second = first.equals("mh1") ? "mh2" : "mh1";
        List<String> firstPms = List.copyOf(gateways.pmsByHost.get(first));
        ConnectionWiring wiringBefore = gateways.wiringByAllocation.get(id);

        try (ResourceFixture.Heartbeats alive =
                new ResourceFixture.Heartbeats(operator(), second)) { // only the other host keeps answering
            String state =
                    awaitState(id, v -> String.valueOf(v.get("reason")).contains("moved off module host " + first));
            assertThat(state).isEqualTo("active");
            assertThat(placement(id))
                    .containsOnlyKeys("fw", "c")
                    .allSatisfy((pm, host) -> assertThat(host).isEqualTo(second));
            assertThat(gateways.pmsByHost.get(second)).containsExactlyInAnyOrderElementsOf(firstPms);
            assertThat(gateways.wiringByAllocation.get(id)).isNotEqualTo(wiringBefore); // rewired to the new PMs' ports

            // The dead host comes back still running the old PMs: they are removed, the allocation keeps its new ones.
            registerHost(first, 4, 4096);
            for (int i = 0; i < 500 && !gateways.pmsByHost.get(first).isEmpty(); i++) {
                Thread.sleep(10);
            }
            assertThat(gateways.pmsByHost.get(first)).isEmpty();
            assertThat(gateways.pmsByHost.get(second)).containsExactlyInAnyOrderElementsOf(firstPms);
            assertThat(placement(id)).allSatisfy((pm, host) -> assertThat(host).isEqualTo(second));
        }
    }

    /**
     * The host of an allocation goes down while the allocation is still being installed there (held before its
     * rules): once the install ends, the allocation is degraded and moved off that host, not left active on it.
     */
    @Test
    void anAllocationWhoseHostGoesDownWhileItIsInstalledIsMovedOffOnceTheInstallEnds() throws Exception {
        daemon.stop();
        daemon = startDaemon(Map.of("hostTimeoutSeconds", 1, "hostCheckSeconds", 1));
        registerHost("mh2", 4, 4096);
        int id;
        String first;
        try (ResourceFixture.Heartbeats both = new ResourceFixture.Heartbeats(operator(), "mh1", "mh2")) {
            ReturnValue paused =
                    operator().call("pause_installs", Map.of("steps", List.of("install rules"), "seconds", 60));
            assertThat(paused.isSuccess()).as(paused.message()).isTrue();
            id = install(alice(), StandInHost.REQUEST);
            awaitState(id, v -> String.valueOf(v.get("reason")).contains("paused before install rules"));
            first = placement(id).get("fw");
        }
        String second = first.equals("mh1") ? "mh2" : "mh1";
        try (ResourceFixture.Heartbeats alive = new ResourceFixture.Heartbeats(operator(), second)) {
            for (int i = 0; i < 500 && isUp(first); i++) {
                Thread.sleep(20);
            }
            assertThat(isUp(first))
                    .as("host %s is marked down during the install", first)
                    .isFalse();
            assertThat(operator()
                            .call("pause_installs", Map.of("steps", List.of()))
                            .isSuccess())
                    .isTrue();

            String state =
                    awaitState(id, v -> String.valueOf(v.get("reason")).contains("moved off module host " + first));
            assertThat(state).isEqualTo("active");
            assertThat(placement(id)).allSatisfy((pm, host) -> assertThat(host).isEqualTo(second));
        }
    }

    private boolean isUp(String host) {
        return Arrays.stream((Object[]) operator().call("list_hosts").value())
                .map(row -> Structs.fromStruct(row, HostListing.class))
                .anyMatch(h -> h.name().equals(host) && h.up());
    }

    @Test
    void aHostWhoseHeartbeatsStopButThatAnswersWhenAskedIsNotFailedOver() throws Exception {
        int id = activeOnTwoHostsThatTimeOutInOneSecond();
        String first = placement(id).get("fw");
        String second = first.equals("mh1") ? "mh2" : "mh1";
        gateways.answeringProbes.add(first); // alive, but its heartbeats do not arrive

        try (ResourceFixture.Heartbeats alive = new ResourceFixture.Heartbeats(operator(), second)) {
            for (int i = 0;
                    i < 500
                            && gateways.log.stream()
                                            .filter(("probe " + first)::equals)
                                            .count()
                                    < 3;
                    i++) {
                Thread.sleep(10);
            }
            assertThat(gateways.log).as("the silent host was asked").contains("probe " + first);
            assertThat(alice().call("get_allocation", id).isSuccess()).isTrue(); // still active
            assertThat(placement(id)).containsValue(first);
            assertThat(alice().call("get_allocation", id).value().toString()).doesNotContain("degraded");

            gateways.answeringProbes.remove(first); // now it is gone: failed over as before
            String state =
                    awaitState(id, v -> String.valueOf(v.get("reason")).contains("moved off module host " + first));
            assertThat(state).isEqualTo("active");
        }
    }

    @Test
    void withNoOtherHostUpAnAllocationStaysDegradedAndSaysWhy() throws Exception {
        daemon.stop();
        daemon = startDaemon(Map.of("hostTimeoutSeconds", 1, "hostCheckSeconds", 1));
        int id = install(alice(), StandInHost.REQUEST);
        assertThat(ResourceFixture.settle(alice(), id).isSuccess()).isTrue();
        String state = awaitState(id, v -> String.valueOf(v.get("reason")).contains("waiting for it to return"));
        assertThat(state).isEqualTo("degraded");
        assertThat(placement(id)).containsValues("mh1");
        assertThat(gateways.pmsByHost.get("mh1")).hasSize(2); // nothing was stopped or forgotten
    }

    @Test
    void aPmThatDiesIsReportedRestartedOnItsHostAndRewired() throws Exception {
        int id = install(alice(), StandInHost.REQUEST);
        assertThat(ResourceFixture.settle(alice(), id).isSuccess()).isTrue();
        ConnectionWiring wiringBefore = gateways.wiringByAllocation.get(id);
        String counter = "a" + id + "-c";
        gateways.failed.add(counter);

        ReturnValue told = operator()
                .call(
                        "pm_failed",
                        Map.of(
                                "host",
                                "mh1",
                                "name",
                                counter,
                                "state",
                                "failed",
                                "exit_code",
                                137,
                                "failure",
                                "the PM process was killed by SIGKILL (exit code 137)\nits last lines"));
        assertThat(told.isSuccess()).as(told.message()).isTrue();

        String state = awaitState(id, v -> String.valueOf(v.get("reason")).contains("restarted PMs [" + counter + "]"));
        assertThat(state).isEqualTo("active");
        assertThat(gateways.log)
                .containsSubsequence("delete_pm " + counter, "create_pm " + counter, "create_connections " + id);
        assertThat(gateways.log).doesNotContain("delete_pm a" + id + "-fw"); // the PM that still runs is left alone
        assertThat(gateways.pmsByHost.get("mh1")).containsExactlyInAnyOrder("a" + id + "-fw", counter);
        assertThat(gateways.wiringByAllocation.get(id)).isNotEqualTo(wiringBefore); // the new PM's ports
    }

    @Test
    void aPmThatDiesBeforeItsInstallRecordedItIsRestartedOnceTheInstallIsDone() throws Exception {
        java.util.concurrent.atomic.AtomicReference<String> report =
                new java.util.concurrent.atomic.AtomicReference<>();
        gateways.onStarted = instance -> {
            if (instance.endsWith("-c") && report.get() == null) { // dies at once; its host reports it at once
                gateways.failed.add(instance);
                report.set(operator()
                        .call("pm_failed", new PmFailure("mh1", instance, "failed", 137, "killed by SIGKILL"))
                        .message());
            }
        };
        int id = install(alice(), StandInHost.REQUEST);
        String counter = "a" + id + "-c";

        String state = awaitState(id, v -> String.valueOf(v.get("reason")).contains("restarted PMs [" + counter + "]"));
        assertThat(report.get()).isEqualTo("restarting PM " + counter);
        assertThat(state).isEqualTo("active");
        assertThat(gateways.log)
                .containsSubsequence(
                        "create_pm " + counter,
                        "delete_pm " + counter,
                        "create_pm " + counter,
                        "create_connections " + id);
        assertThat(gateways.failed).isEmpty();
        assertThat(gateways.pmsByHost.get("mh1")).containsExactlyInAnyOrder("a" + id + "-fw", counter);
    }

    @Test
    void aPmWhoseHostCannotStartItAgainMovesToAnotherHost() throws Exception {
        registerHost("mh2", 4, 4096);
        int id = install(alice(), StandInHost.REQUEST);
        assertThat(ResourceFixture.settle(alice(), id).isSuccess()).isTrue();
        String host = placement(id).get("c");
        String counter = "a" + id + "-c";
        gateways.failed.add(counter);
        gateways.refusePmNamed = "c";
        gateways.refuseOnHost = host;

        operator()
                .call(
                        "pm_failed",
                        Map.of(
                                "host",
                                host,
                                "name",
                                counter,
                                "state",
                                "failed",
                                "exit_code",
                                137,
                                "failure",
                                "killed"));

        String state = awaitState(id, v -> String.valueOf(v.get("reason")).contains("could not restart its PMs"));
        assertThat(state).isEqualTo("active");
        assertThat(placement(id)).doesNotContainValue(host);
        assertThat(gateways.pmsByHost.get(host)).isEmpty();
    }

    @Test
    void aHostThatRegistersAgainWithoutSomePmsHasThemRestarted() throws Exception {
        int id = install(alice(), StandInHost.REQUEST);
        assertThat(ResourceFixture.settle(alice(), id).isSuccess()).isTrue();
        String counter = "a" + id + "-c";
        gateways.pmsByHost.get("mh1").remove(counter); // it died while its module host daemon was restarting

        registerHost("mh1", 4, 4096);

        String state = awaitState(id, v -> String.valueOf(v.get("reason")).contains("restarted PMs [" + counter + "]"));
        assertThat(state).isEqualTo("active");
        assertThat(String.valueOf(
                        ((Map<?, ?>) alice().call("get_allocation", id).value()).get("reason")))
                .contains("not running when module host mh1 registered again");
        assertThat(gateways.pmsByHost.get("mh1")).containsExactlyInAnyOrder("a" + id + "-fw", counter);
    }

    @Test
    void aFailureReportForAPmNoAllocationOwnsChangesNothing() throws Exception {
        int id = install(alice(), StandInHost.REQUEST);
        assertThat(ResourceFixture.settle(alice(), id).isSuccess()).isTrue();
        ReturnValue told = operator()
                .call("pm_failed", Map.of("host", "mh1", "name", "a999-x", "state", "failed", "exit_code", 1));
        assertThat(told.message()).contains("belongs to no allocation");
        assertThat(alice().call("pm_failed", new PmFailure("mh1", "a" + id + "-c", "failed", 1, null))
                        .isFailure())
                .isTrue(); // operators and services only
        assertThat(ResourceFixture.settle(alice(), id).isSuccess()).isTrue();
    }

    @SuppressWarnings("unchecked")
    Map<String, String> placement(int id) {
        return (Map<String, String>)
                ((Map<String, Object>) alice().call("get_allocation", id).value()).get("placement");
    }

    /** Polls get_allocation until {@code done} holds for its value; returns the state then. */
    @SuppressWarnings("unchecked")
    String awaitState(int id, java.util.function.Predicate<Map<String, Object>> done) throws InterruptedException {
        Map<String, Object> view = Map.of();
        for (int i = 0; i < 1500; i++) {
            view = (Map<String, Object>) alice().call("get_allocation", id).value();
            if (view != null && done.test(view)) {
                return String.valueOf(view.get("state"));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("allocation " + id + " never got there; last seen " + view);
    }
}
