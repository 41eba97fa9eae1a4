package org.flowstream.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
 * pause_installs, the crash tests' hook, over real XML-RPC: an install holds before the paused step (its PMs
 * started, no rule installed, the reason says so) until the pause is lifted, then becomes active; a wrong step
 * or time is refused in words and changes nothing; tenants may not pause anything.
 */
class InstallPausesTest {

    @TempDir
    Path dir;

    ResourceDaemon resource;
    TestDaemon moduleHost;
    TestDaemon openflow;

    @AfterEach
    void stop() {
        if (resource != null) {
            resource.stop();
        }
        moduleHost.close();
        openflow.close();
    }

    @Test
    void anInstallHoldsBeforeThePausedStepUntilThePauseIsLifted() throws Exception {
        start();
        DaemonClient operator = new DaemonClient(resource.url(), "op", "op-pw", 10_000);
        DaemonClient alice = new DaemonClient(resource.url(), "alice", "alice-pw", 10_000);
        ReturnValue paused = operator.call("pause_installs", Map.of("steps", List.of("install rules"), "seconds", 60));
        assertThat(paused.isSuccess()).as(paused.message()).isTrue();
        assertThat((Object[]) paused.value()).containsExactly("install rules");

        int id = (Integer)
                alice.call("install_allocation", StandInHost.distinctRequest()).value();
        awaitReason(alice, id, "paused before install rules (pause_installs)");
        assertThat(FakeDaemons.files(moduleHost, "pms")).containsExactlyInAnyOrder("a" + id + "-c", "a" + id + "-fw");
        assertThat(FakeDaemons.files(openflow, "rules")).isEmpty();

        assertThat(operator.call("pause_installs", Map.of("steps", List.of())).isSuccess())
                .isTrue();
        ReturnValue settled = ResourceFixture.settle(alice, id);
        assertThat(settled.isSuccess()).as(settled.message()).isTrue();
        assertThat(FakeDaemons.files(openflow, "rules")).containsExactly(String.valueOf(id));
    }

    @Test
    void anInstallHoldsAtRecordPmsWithItsPmsStartedAndNotYetInTheBook() throws Exception {
        start();
        DaemonClient operator = new DaemonClient(resource.url(), "op", "op-pw", 10_000);
        DaemonClient alice = new DaemonClient(resource.url(), "alice", "alice-pw", 10_000);
        ReturnValue paused = operator.call("pause_installs", Map.of("steps", List.of("record PMs"), "seconds", 60));
        assertThat(paused.isSuccess()).as(paused.message()).isTrue();

        int id = (Integer)
                alice.call("install_allocation", StandInHost.distinctRequest()).value();
        awaitReason(alice, id, "paused before record PMs (pause_installs)");
        @SuppressWarnings("unchecked")
        Map<String, Object> view =
                (Map<String, Object>) alice.call("get_allocation", id).value();
        assertThat((Object[]) view.get("pms")).as("the book has no PM yet").isEmpty();
        assertThat(FakeDaemons.files(moduleHost, "pms")).isNotEmpty();

        assertThat(operator.call("pause_installs", Map.of("steps", List.of())).isSuccess())
                .isTrue();
        ReturnValue settled = ResourceFixture.settle(alice, id);
        assertThat(settled.isSuccess()).as(settled.message()).isTrue();
    }

    @Test
    void aWrongStepOrTimeIsRefusedInWordsAndTenantsMayNotPause() throws Exception {
        start();
        DaemonClient operator = new DaemonClient(resource.url(), "op", "op-pw", 10_000);
        DaemonClient alice = new DaemonClient(resource.url(), "alice", "alice-pw", 10_000);

        ReturnValue unknown = operator.call("pause_installs", Map.of("steps", List.of("frobnicate")));
        assertThat(unknown.isFailure()).isTrue();
        assertThat(unknown.message())
                .contains("no install step 'frobnicate'", "place, start PMs, record PMs, install rules, activate")
                .contains("move: freeze", "move: hand over")
                .doesNotContain("Exception");
        ReturnValue moveStep =
                operator.call("pause_installs", Map.of("steps", List.of("move: hand over"), "seconds", 1));
        assertThat(moveStep.isSuccess()).as(moveStep.message()).isTrue();
        assertThat(operator.call("pause_installs", Map.of("steps", List.of())).isSuccess())
                .isTrue();
        ReturnValue tooLong = operator.call("pause_installs", Map.of("steps", List.of("activate"), "seconds", 100_000));
        assertThat(tooLong.isFailure()).isTrue();
        assertThat(tooLong.message()).contains("0 to 300 seconds");
        assertThat(alice.call("pause_installs", Map.of("steps", List.of("place")))
                        .isFailure())
                .isTrue();

        int id = (Integer)
                alice.call("install_allocation", StandInHost.distinctRequest()).value();
        ReturnValue settled = ResourceFixture.settle(alice, id);
        assertThat(settled.isSuccess())
                .as("nothing was paused: %s", settled.message())
                .isTrue();
    }

    private void start() throws Exception {
        int switchPort = FreePort.pick();
        moduleHost = FakeDaemons.moduleHost(dir.resolve("mh"), 0);
        openflow = FakeDaemons.openflow(dir.resolve("of"), switchPort);
        resource = PeerRetryTest.startResource(dir, moduleHost, switchPort, 60);
    }

    private static void awaitReason(DaemonClient alice, int id, String reason) throws InterruptedException {
        String seen = "";
        for (int i = 0; i < 300 && !seen.endsWith(reason); i++) {
            seen = alice.call("get_allocation", id).message();
            Thread.sleep(50);
        }
        assertThat(seen).endsWith(reason);
    }
}
