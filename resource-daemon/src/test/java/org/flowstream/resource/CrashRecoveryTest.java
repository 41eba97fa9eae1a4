package org.flowstream.resource;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.testing.DaemonProcess;
import org.flowstream.common.testing.FreePort;
import org.flowstream.common.testing.TestDaemon;
import org.flowstream.resource.bench.StandInHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resource daemon as a real process, killed with SIGKILL while clients stream requests at it, then
 * restarted: every acknowledged allocation is still there and becomes active, and exactly the PMs and rules
 * of the allocations that exist are left on the (file-keeping) module host and switch.
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    Process resource;
    TestDaemon moduleHost;
    TestDaemon openflow;

    @AfterEach
    void stop() {
        if (resource != null) {
            resource.destroyForcibly();
        }
        if (moduleHost != null) {
            moduleHost.close();
        }
        if (openflow != null) {
            openflow.close();
        }
    }

    @Test
    void killMinusNineUnderLoadLosesNothingAcknowledgedAndLeaksNothing() throws Exception {
        moduleHost = FakeDaemons.moduleHost(dir.resolve("mh"));
        openflow = FakeDaemons.openflow(dir.resolve("of"));
        int port = FreePort.pick();
        Path config = writeConfig(port);
        DaemonClient operator =
                new DaemonClient(URI.create("http://127.0.0.1:%d/RPC2".formatted(port)), "op", "op-pw", 10_000);
        DaemonClient alice =
                new DaemonClient(URI.create("http://127.0.0.1:%d/RPC2".formatted(port)), "alice", "alice-pw", 10_000);
        resource = startResource(config, operator);
        register(operator);

        Set<Integer> acknowledged = new ConcurrentSkipListSet<>();
        AtomicBoolean go = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int c = 0; c < 4; c++) {
            clients.submit(() -> {
                while (go.get()) {
                    try {
                        ReturnValue r = alice.call("install_allocation", StandInHost.distinctRequest());
                        if (r.isNotReady()) {
                            acknowledged.add((Integer) r.value());
                        }
                    } catch (RuntimeException daemonGone) {
                        return;
                    }
                }
            });
        }
        for (int i = 0; i < 3000 && acknowledged.size() < 40; i++) {
            Thread.sleep(10);
        }
        resource.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL, mid-stream
        go.set(false);
        clients.shutdown();
        clients.awaitTermination(30, TimeUnit.SECONDS);
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(10);

        resource = startResource(config, operator);
        for (int id : acknowledged) {
            ReturnValue settled = ResourceFixture.settle(alice, id);
            assertThat(settled.isSuccess())
                    .as("allocation %d after the restart: %s", id, settled.message())
                    .isTrue();
        }
        Object[] all = (Object[]) operator.call("list_allocations").value();
        Set<String> expectedPms = new TreeSet<>();
        Set<String> expectedRules = new TreeSet<>();
        for (Object row : all) {
            int id = (Integer) ((Map<?, ?>) row).get("id");
            ReturnValue settled = ResourceFixture.settle(alice, id);
            assertThat(settled.isSuccess()).as(settled.message()).isTrue();
            expectedPms.add("a" + id + "-fw");
            expectedPms.add("a" + id + "-c");
            expectedRules.add(String.valueOf(id));
        }
        awaitEqual(() -> new TreeSet<>(FakeDaemons.files(moduleHost, "pms")), expectedPms);
        awaitEqual(() -> new TreeSet<>(FakeDaemons.files(openflow, "rules")), expectedRules);
    }

    interface Probe {
        Set<String> get() throws Exception;
    }

    /** Orphans are removed by the recovery task, which runs beside the first calls; give it a moment. */
    static void awaitEqual(Probe probe, Set<String> expected) throws Exception {
        for (int i = 0; i < 500 && !probe.get().equals(expected); i++) {
            Thread.sleep(20);
        }
        assertThat(probe.get()).isEqualTo(expected);
    }

    private Process startResource(Path config, DaemonClient client) throws Exception {
        return DaemonProcess.startAndAwait(ResourceDaemon.class, config, dir.resolve("resource.log"), client);
    }

    private Path writeConfig(int port) throws Exception {
        Map<String, Object> peerCredentials =
                Map.of("user", TestDaemon.OPERATOR, "password", TestDaemon.OPERATOR_PASSWORD);
        Map<String, Object> openflowPeer = new java.util.LinkedHashMap<>(peerCredentials);
        openflowPeer.put("url", openflow.url().toString());
        Map<String, Object> config = Map.of(
                "port", port,
                "tasksDir", TestDaemon.repositoryTasks().toString(),
                "stateDir", dir.resolve("resource-state").toString(),
                "users",
                        List.of(
                                Map.of("name", "op", "password", "op-pw", "role", "operator"),
                                Map.of("name", "alice", "password", "alice-pw", "role", "tenant")),
                "peers", Map.of("openflow", openflowPeer, "modulehost", peerCredentials),
                // The file-keeping module host sends no heartbeats: it must not be marked down while the test runs.
                "settings",
                        Map.of(
                                "ioPorts",
                                Map.of("net1", 2),
                                "hostTimeoutSeconds",
                                3600,
                                "quotas",
                                Map.of(
                                        "defaults",
                                        Map.of("cpuCores", 100000, "memoryMb", 100000000, "allocations", 100000))));
        Path file = dir.resolve("resource.json");
        new ObjectMapper().writeValue(file.toFile(), config);
        return file;
    }

    private void register(DaemonClient operator) {
        ReturnValue r = operator.call(
                "register_host",
                StandInHost.registration("mh1", moduleHost.url().toString(), 100000.0, 100000000));
        assertThat(r.isSuccess()).as(r.message()).isTrue();
    }
}
