package org.flowstream.modulehost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowstream.common.testing.Eventually.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flowstream.common.auth.UserAccount;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.testing.TestDaemon;
import org.flowstream.monitoring.MonitoringDaemon;
import org.flowstream.openflow.OpenflowDaemon;
import org.flowstream.resource.ResourceDaemon;

/**
 * The real controller daemons beside a test's module host ({@link PlatformFixture}): an openflow daemon the
 * test's bridge connects to over a unix socket, and a resource daemon that places on the module host and wires
 * through that openflow daemon. One place for how the platform tests configure them.
 */
final class ControllerDaemons {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ControllerDaemons() {}

    /**
     * Stops a platform of one switch and its openflow daemon, and deletes the daemon's state directory; any of them
     * may be null (a start that failed half way).
     */
    static void stop(PlatformFixture platform, OpenflowDaemon openflow, Path openflowDir) throws java.io.IOException {
        if (platform != null) {
            platform.close();
        }
        if (openflow != null) {
            openflow.stop();
        }
        if (openflowDir != null) {
            org.flowstream.common.io.FileTrees.delete(openflowDir);
        }
    }

    /**
     * An openflow daemon with its state in {@code stateDir}, listening for the bridge on the unix socket
     * {@code socket} only, polling statistics every {@code statsIntervalMillis}.
     */
    static OpenflowDaemon openflow(Path stateDir, Path socket, int statsIntervalMillis) {
        DaemonConfig config = new DaemonConfig();
        config.port = 0;
        config.tasksDir = TestDaemon.repositoryTasks().toString();
        config.stateDir = stateDir.toString();
        config.settings = JSON.valueToTree(
                Map.of("listenPort", -1, "listenUnix", socket.toString(), "statsIntervalMillis", statsIntervalMillis));
        OpenflowDaemon daemon = new OpenflowDaemon(config);
        try {
            daemon.start();
        } catch (Exception e) {
            throw new IllegalStateException("the openflow daemon did not start", e);
        }
        return daemon;
    }

    /**
     * A resource daemon on {@code port} (the module host's configuration names it before it starts) with these
     * accounts, placing on {@code moduleHost} and wiring through {@code openflow} on {@code bridge}, whose I/O
     * nodes net0 and net1 are the switch ports {@code net0} and {@code net1}.
     */
    static ResourceDaemon resource(
            Path stateDir,
            int port,
            List<UserAccount> users,
            OpenflowDaemon openflow,
            ModuleHostDaemon moduleHost,
            String bridge,
            int net0,
            int net1)
            throws Exception {
        ResourceDaemon daemon =
                new ResourceDaemon(resourceConfig(stateDir, port, users, openflow, moduleHost, bridge, net0, net1));
        daemon.start();
        return daemon;
    }

    /** The configuration {@link #resource} starts a resource daemon with (a test may run it as a process). */
    static DaemonConfig resourceConfig(
            Path stateDir,
            int port,
            List<UserAccount> users,
            OpenflowDaemon openflow,
            ModuleHostDaemon moduleHost,
            String bridge,
            int net0,
            int net1) {
        DaemonConfig config = new DaemonConfig();
        config.port = port;
        config.tasksDir = TestDaemon.repositoryTasks().toString();
        config.stateDir = stateDir.toString();
        config.users = users;
        config.peers.put("openflow", peer(openflow.url()));
        config.peers.put("modulehost", peer(moduleHost.url()));
        config.settings = JSON.valueToTree(Map.of(
                "ioPorts",
                new TreeMap<>(Map.of("net0", net0, "net1", net1)), // in order: a FromNet without a node enters at net0
                "switchName",
                bridge,
                "hostTimeoutSeconds",
                3600));
        return config;
    }

    /**
     * A monitoring daemon with these accounts polling the module hosts {@code resource} lists and {@code openflow}
     * every {@code pollMillis}, reporting to {@code resource} (report_stats) every {@code reportMillis}.
     */
    static MonitoringDaemon monitoring(
            Path stateDir,
            List<UserAccount> users,
            ResourceDaemon resource,
            OpenflowDaemon openflow,
            int pollMillis,
            int reportMillis)
            throws Exception {
        DaemonConfig config = new DaemonConfig();
        config.port = 0;
        config.tasksDir = TestDaemon.repositoryTasks().toString();
        config.stateDir = stateDir.toString();
        config.users = users;
        config.peers.put("resource", peer(resource.url()));
        config.peers.put("openflow", peer(openflow.url()));
        config.settings = JSON.valueToTree(Map.of(
                "hostPollMillis",
                pollMillis,
                "openflowPollMillis",
                pollMillis,
                "pollTimeoutMillis",
                2_000,
                "reportMillis",
                reportMillis,
                "historySize",
                20,
                "metricsPort",
                -1));
        MonitoringDaemon daemon = new MonitoringDaemon(config);
        daemon.start();
        return daemon;
    }

    /** A peer the operator's way, patient enough for a PM start on a loaded machine. */
    static DaemonConfig.Peer peer(URI url) {
        DaemonConfig.Peer peer = TestDaemon.operatorPeer(url.toString());
        peer.timeoutMillis = 60_000;
        return peer;
    }

    /** Installs {@code request} as the tenant and returns its id once the allocation is active. */
    static int installActive(DaemonClient tenant, String request) {
        ReturnValue accepted = tenant.call("install_allocation", request);
        assertThat(accepted.isNotReady()).as(accepted.message()).isTrue();
        int id = (Integer) accepted.value();
        ReturnValue active = await("allocation active", () -> tenant.call("get_allocation", id), r -> !r.isNotReady());
        assertThat(active.isSuccess()).as(active.message()).isTrue();
        return id;
    }

    /** Deletes an allocation and waits until it is deleted, its PMs stopped and its rules gone. */
    static void deleteAllocation(DaemonClient tenant, int id) {
        ReturnValue accepted = tenant.call("delete_allocation", id);
        assertThat(accepted.isNotReady()).as(accepted.message()).isTrue();
        ReturnValue gone = await("allocation deleted", () -> tenant.call("get_allocation", id), r -> !r.isNotReady());
        assertThat(gone.message()).as(gone.message()).contains("deleted");
    }
}
