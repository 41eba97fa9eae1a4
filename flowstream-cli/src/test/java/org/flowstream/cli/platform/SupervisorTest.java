package org.flowstream.cli.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real private supervisord as up starts it, with a stand-in for the daemons' command (sleep; the daemons
 * themselves run under it in bin/e2e): it runs programs as the service user, restarts one killed with SIGKILL,
 * counts the restart, and down's stop and shutdown leave nothing running.
 */
class SupervisorTest {

    @TempDir
    Path home;

    private Supervisor supervisor;

    @AfterEach
    void shutdown() throws Exception {
        if (supervisor != null) {
            supervisor.shutdown();
        }
    }

    @Test
    void restartsAKilledDaemonAsItsUserAndCountsTheRestart() throws Exception {
        startSupervisord(List.of("/bin/sh", "-c", "exec sleep 600", "stand-in"));

        supervisor.startPrograms(List.of("resource"));
        ProgramStatus first = status("resource");
        assertThat(first.isRunning()).isTrue();
        assertThat(ProcessHandle.of(first.pid()).flatMap(p -> p.info().user())).contains(PlatformLayout.SERVICE_USER);
        assertThat(Files.getPosixFilePermissions(home.resolve("run/supervisor/supervisor.sock")))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
                        java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);

        ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly();
        ProgramStatus again = awaitRunningWithNewPid("resource", first.pid());
        assertThat(again.restarts()).isEqualTo(1);
        assertThat(status("openflow").state()).isEqualTo("STOPPED");

        supervisor.stopPrograms(List.of("resource"));
        assertThat(status("resource").state()).isEqualTo("STOPPED");
        assertThat(ProcessHandle.of(again.pid()).map(ProcessHandle::isAlive))
                .isIn(Optional.empty(), Optional.of(false));
        long supervisord = supervisor.pid().orElseThrow();
        supervisor.shutdown();
        supervisor = null;
        assertThat(ProcessHandle.of(supervisord).map(ProcessHandle::isAlive))
                .isIn(Optional.empty(), Optional.of(false));
    }

    /**
     * supervisord killed with SIGKILL leaves its daemons running with nobody to restart them: they are found by their
     * command lines, up's new supervisord starts (over the dead one's socket), and down's stop leaves nothing.
     */
    @Test
    void theDaemonsADeadSupervisordLeftAreFoundAndStopped() throws Exception {
        // a stand-in that keeps the daemon's arguments on its command line, as the real daemons' JVMs do
        PlatformLayout layout = startSupervisord(List.of("/usr/bin/python3", "-c", "import time; time.sleep(600)"));
        supervisor.startPrograms(List.of("resource"));
        long daemon = status("resource").pid();
        long supervisord = supervisor.pid().orElseThrow();
        ProcessHandle victim = ProcessHandle.of(supervisord).orElseThrow();
        victim.destroyForcibly();
        victim.onExit().join();

        assertThat(supervisor.running()).isFalse();
        assertThat(LeftoverDaemons.find(home)).containsExactly(java.util.Map.entry("resource", daemon));
        assertThat(PlatformHealth.onlySupervisordDied(layout, supervisor))
                .as("no Open vSwitch runs here, so up must start afresh")
                .isFalse();
        supervisor.start();
        assertThat(supervisor.running()).isTrue();
        assertThat(status("resource").state()).isEqualTo("STOPPED");

        LeftoverDaemons.stop(LeftoverDaemons.find(home), false);
        assertThat(ProcessHandle.of(daemon).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
        assertThat(LeftoverDaemons.find(home)).isEmpty();
    }

    /** A private supervisord as up writes and starts it, its daemons replaced by {@code launcher}. */
    private PlatformLayout startSupervisord(List<String> launcher) throws Exception {
        assumeThat(System.getProperty("user.name"))
                .as("supervisord switches users only for root")
                .isEqualTo("root");
        assumeThat(Files.isExecutable(Path.of("/usr/bin/supervisord")))
                .as("Debian's supervisor (bin/test installs it)")
                .isTrue();
        SystemUser.ensure(PlatformLayout.SERVICE_USER);
        Files.setPosixFilePermissions(
                home,
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")); // the daemons' working directory
        PlatformLayout layout = PlatformLayout.standard(home, 1);
        Files.createDirectories(layout.logDir());
        PrivateFiles.ownDirectory(layout.stateDir(layout.daemon("resource")), PlatformLayout.SERVICE_USER);
        supervisor = new Supervisor(layout);
        supervisor.writeConfig(SupervisorConfig.render(layout, launcher));
        supervisor.start();
        return layout;
    }

    private ProgramStatus status(String name) {
        return supervisor.status().stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private ProgramStatus awaitRunningWithNewPid(String name, long oldPid) throws InterruptedException {
        for (int i = 0; i < 60; i++) {
            ProgramStatus now = status(name);
            if (now.isRunning() && now.pid() != oldPid) {
                return now;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(name + " was not restarted within 30 s: " + status(name));
    }
}
