package org.flowstream.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.testing.FreePort;
import org.flowstream.common.testing.TestDaemon;
import org.flowstream.resource.bench.StandInHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resource daemon talking XML-RPC to a module host and an openflow daemon that are down while installs
 * arrive (being restarted): the installs wait for them and become active once they are back, within
 * peerRetrySeconds; past that deadline an install fails with the reason and leaves nothing behind.
 */
class PeerRetryTest {

    @TempDir
    Path dir;

    ResourceDaemon resource;
    TestDaemon moduleHost;
    TestDaemon openflow;

    @AfterEach
    void stop() {
        for (AutoCloseable d : new AutoCloseable[] {moduleHost, openflow}) {
            try {
                if (d != null) {
                    d.close();
                }
            } catch (Exception e) {
                // already stopped by the test
            }
        }
        if (resource != null) {
            resource.stop();
        }
    }

    @Test
    void installsMeetingRestartingPeersWaitForThemAndBecomeActive() throws Exception {
        int hostPort = FreePort.pick();
        int switchPort = FreePort.pick();
        moduleHost = FakeDaemons.moduleHost(dir.resolve("mh-1"), hostPort);
        openflow = FakeDaemons.openflow(dir.resolve("of-1"), switchPort);
        resource = startResource(switchPort, 60);
        DaemonClient alice = new DaemonClient(resource.url(), "alice", "alice-pw", 10_000);

        moduleHost.close();
        openflow.close();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(install(alice));
        }
        Thread.sleep(1500); // they meet the peers down and wait
        for (int id : ids) {
            assertThat(alice.call("get_allocation", id).isNotReady())
                    .as("allocation %d waits", id)
                    .isTrue();
        }
        moduleHost = FakeDaemons.moduleHost(dir.resolve("mh-2"), hostPort);
        openflow = FakeDaemons.openflow(dir.resolve("of-2"), switchPort);

        List<String> pms = new ArrayList<>();
        for (int id : ids) {
            ReturnValue settled = ResourceFixture.settle(alice, id);
            assertThat(settled.isSuccess())
                    .as("allocation %d: %s", id, settled.message())
                    .isTrue();
            pms.add("a" + id + "-c");
            pms.add("a" + id + "-fw");
        }
        assertThat(FakeDaemons.files(moduleHost, "pms")).containsExactlyInAnyOrderElementsOf(pms);
        assertThat(FakeDaemons.files(openflow, "rules"))
                .containsExactlyInAnyOrderElementsOf(
                        ids.stream().map(String::valueOf).toList());
    }

    @Test
    void anOpenflowDaemonDownPastTheDeadlineFailsTheInstallWithTheReasonAndLeavesNoPm() throws Exception {
        int switchPort = FreePort.pick();
        moduleHost = FakeDaemons.moduleHost(dir.resolve("mh"), 0);
        openflow = FakeDaemons.openflow(dir.resolve("of"), switchPort);
        resource = startResource(switchPort, 2);
        DaemonClient alice = new DaemonClient(resource.url(), "alice", "alice-pw", 10_000);
        openflow.close();

        ReturnValue settled = ResourceFixture.settle(alice, install(alice));
        assertThat(settled.isFailure()).isTrue();
        assertThat(settled.message()).contains("install rules", "the openflow daemon", "still so after");
        assertThat(FakeDaemons.files(moduleHost, "pms")).isEmpty();
    }

    private int install(DaemonClient alice) {
        ReturnValue r = alice.call("install_allocation", StandInHost.distinctRequest());
        assertThat(r.isNotReady()).as(r.message()).isTrue();
        return (Integer) r.value();
    }

    private ResourceDaemon startResource(int switchPort, int peerRetrySeconds) throws Exception {
        return startResource(dir, moduleHost, switchPort, peerRetrySeconds);
    }

    /** A resource daemon (alice a tenant, op an operator) whose module host mh1 and openflow daemon are these. */
    static ResourceDaemon startResource(Path dir, TestDaemon moduleHost, int switchPort, int peerRetrySeconds)
            throws Exception {
        ResourceDaemon d = ResourceFixture.start(ResourceFixture.config(
                dir.resolve("resource"),
                Map.of("ioPorts", Map.of("net1", 2), "peerRetrySeconds", peerRetrySeconds, "hostTimeoutSeconds", 600),
                URI.create("http://127.0.0.1:%d/RPC2".formatted(switchPort))));
        ResourceFixture.registerHost(
                ResourceFixture.operator(d), "mh1", moduleHost.url().toString(), 1000.0, 1000000);
        return d;
    }
}
