package org.flowstream.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.records.modulehost.PmTypeInfo;
import org.flowstream.contracts.records.monitoring.PlatformSummary;
import org.flowstream.resource.bench.StandInHost;
import org.flowstream.resource.scaleout.GroupState;
import org.flowstream.resource.scaleout.GroupStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scaling groups' store is read only for allocations that have a group: every monitoring report runs each live
 * allocation through the group scaler, and a restart re-asserts every allocation's rules, so an allocation without
 * a group must cost no read there (its request, parsed once and kept in memory, says it has none).
 */
class GroupStoreReadsTest {

    @TempDir
    Path dir;

    final RecordingGateways gateways = new RecordingGateways();
    /** Reads of the group store by allocation id. */
    final Map<Integer, AtomicInteger> reads = new ConcurrentHashMap<>();

    ResourceDaemon daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.stop();
        }
    }

    @Test
    void reportsAndRestartsReadTheStoreOnlyForTheAllocationWithAGroup() throws Exception {
        gateways.offered.add(PmTypeInfo.entry(
                GroupLifecycleTest.NAT_TYPE,
                PmTypeInfo.of(GroupLifecycleTest.NAT_TYPE, false, null).sized(0.25, 96)));
        start();
        for (String host : List.of("mh1", "mh2")) {
            ReturnValue registered = ResourceFixture.operator(daemon)
                    .call("register_host", StandInHost.registration(host, ResourceFixture.NOWHERE, 4, 4096));
            assertThat(registered.isSuccess()).as(registered.message()).isTrue();
        }
        int plain = installActive(StandInHost.distinctRequest());
        int otherPlain = installActive(StandInHost.distinctRequest());
        int grouped = installActive(GroupLifecycleTest.REQUEST);
        reads.clear();

        PlatformSummary nothingMeasured =
                new PlatformSummary("monitoring", "now", List.of(), List.of(), null, List.of(), List.of());
        for (int report = 0; report < 10; report++) {
            daemon.reactToLoad(nothingMeasured);
        }
        assertThat(readsOf(plain)).isZero();
        assertThat(readsOf(otherPlain)).isZero();
        assertThat(readsOf(grouped)).as("one read per report").isEqualTo(10);

        daemon.stop(); // a restart re-asserts every allocation's rules
        reads.clear();
        start();
        for (int id : List.of(plain, otherPlain, grouped)) {
            assertThat(ResourceFixture.settle(alice(), id).isSuccess()).isTrue();
        }
        assertThat(gateways.wiringByAllocation).containsKeys(plain, otherPlain, grouped);
        assertThat(readsOf(plain)).isZero();
        assertThat(readsOf(otherPlain)).isZero();
        assertThat(readsOf(grouped)).isPositive();
    }

    private void start() throws Exception {
        Map<String, Integer> ioPorts = new java.util.LinkedHashMap<>(); // in order: FromNet enters at net0
        ioPorts.put("net0", 1);
        ioPorts.put("net1", 2);
        Map<String, Object> settings = Map.of(
                "ioPorts",
                ioPorts,
                "quotas",
                Map.of("defaults", Map.of("cpuCores", 4, "memoryMb", 4096, "allocations", 5)));
        daemon = new ResourceDaemon(
                ResourceFixture.config(dir.resolve("state"), settings), gateways, gateways, CountingReads::new);
        daemon.start();
    }

    private int installActive(String request) throws InterruptedException {
        return ResourceFixture.installActive(alice(), request);
    }

    private int readsOf(int id) {
        return reads.getOrDefault(id, new AtomicInteger()).get();
    }

    private DaemonClient alice() {
        return new DaemonClient(daemon.url(), "alice", "alice-pw", 30_000);
    }

    /** The daemon's own store, each read counted. */
    private final class CountingReads implements GroupStore {
        private final GroupStore store;

        CountingReads(GroupStore store) {
            this.store = store;
        }

        @Override
        public Optional<GroupState> get(int allocId) {
            reads.computeIfAbsent(allocId, k -> new AtomicInteger()).incrementAndGet();
            return store.get(allocId);
        }

        @Override
        public void put(GroupState group) {
            store.put(group);
        }

        @Override
        public void remove(int allocId) {
            store.remove(allocId);
        }

        @Override
        public List<GroupState> all() {
            List<GroupState> all = store.all();
            all.forEach(g ->
                    reads.computeIfAbsent(g.allocId(), k -> new AtomicInteger()).incrementAndGet());
            return all;
        }
    }
}
