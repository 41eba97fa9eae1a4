package org.flowstream.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flowstream.common.auth.Role;
import org.flowstream.common.auth.UserAccount;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.testing.TestDaemon;
import org.flowstream.resource.bench.StandInHost;

/**
 * What the resource daemon's tests start from, so each test states only what it is about: the configuration (the
 * repository's tasks, the users op, alice and bob), its peers (called as the stand-ins' operator), registering a
 * stand-in host, and waiting for an allocation to settle.
 */
final class ResourceFixture {

    /** Where a stand-in host that is never called "listens": nothing does. */
    static final String NOWHERE = "http://127.0.0.1:1/RPC2";

    private ResourceFixture() {}

    /** A resource daemon's configuration: state in {@code stateDir}, these settings, users op, alice and bob. */
    static DaemonConfig config(Path stateDir, Map<String, Object> settings) {
        DaemonConfig config = new DaemonConfig();
        config.tasksDir = TestDaemon.repositoryTasks().toString();
        config.stateDir = stateDir.toString();
        config.users = List.of(
                new UserAccount("op", "op-pw", Role.OPERATOR),
                new UserAccount("alice", "alice-pw", Role.TENANT),
                new UserAccount("bob", "bob-pw", Role.TENANT));
        config.settings = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(settings);
        return config;
    }

    /** The same, calling the openflow daemon at {@code openflow} and the module hosts as the stand-ins' operator. */
    static DaemonConfig config(Path stateDir, Map<String, Object> settings, URI openflow) {
        DaemonConfig config = config(stateDir, settings);
        config.peers = Map.of(
                "openflow", TestDaemon.operatorPeer(openflow.toString()), "modulehost", TestDaemon.operatorPeer(""));
        return config;
    }

    static ResourceDaemon start(DaemonConfig config) throws Exception {
        ResourceDaemon daemon = new ResourceDaemon(config);
        daemon.start();
        return daemon;
    }

    static DaemonClient operator(ResourceDaemon daemon) {
        return new DaemonClient(daemon.url(), "op", "op-pw", 30_000);
    }

    /**
     * A stand-in module host at {@code url} on linux.netns; the resource daemon reads the PM types it offers from its
     * get_pm_info (FakeDaemons.moduleHost, RecordingGateways: IPFilter and Counter).
     */
    static void registerHost(DaemonClient operator, String name, String url, double cpu, long memory) {
        ReturnValue r = operator.call("register_host", StandInHost.registration(name, url, cpu, memory));
        assertThat(r.isSuccess()).as(r.message()).isTrue();
    }

    /** Installs {@code request} as {@code tenant} and returns its id once it is active. */
    static int installActive(DaemonClient tenant, String request) throws InterruptedException {
        ReturnValue accepted = tenant.call("install_allocation", request);
        assertThat(accepted.isNotReady()).as(accepted.message()).isTrue();
        int id = (Integer) accepted.value();
        ReturnValue active = settle(tenant, id);
        assertThat(active.isSuccess()).as(active.message()).isTrue();
        return id;
    }

    /** The allocation's status once it is no longer in progress. */
    static ReturnValue settle(DaemonClient client, int id) throws InterruptedException {
        for (int i = 0; i < 3000; i++) {
            ReturnValue r = client.call("get_allocation", id);
            if (!r.isNotReady()) {
                return r;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("allocation " + id + " never settled");
    }

    /** Heartbeats for stand-in hosts every 200 ms (a host without them is marked down), until closed. */
    static final class Heartbeats implements AutoCloseable {
        private final java.util.concurrent.ScheduledExecutorService timer =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();

        Heartbeats(DaemonClient operator, String... hosts) {
            timer.scheduleAtFixedRate(
                    () -> {
                        for (String host : hosts) {
                            operator.call(
                                    "host_heartbeat",
                                    new org.flowstream.contracts.records.modulehost.HostLoad(
                                            host,
                                            1,
                                            0,
                                            1024,
                                            1024,
                                            0,
                                            0,
                                            List.of(),
                                            new org.flowstream.contracts.records.modulehost.PmStartup(
                                                    "fast", "ready")));
                        }
                    },
                    0,
                    200,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }
}
