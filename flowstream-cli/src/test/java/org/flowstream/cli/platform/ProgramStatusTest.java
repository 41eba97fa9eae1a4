package org.flowstream.cli.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading supervisorctl status and supervisord's log into state, pid, uptime and restarts. */
class ProgramStatusTest {

    private static final String STATUS = """
            modulehost-mh1                   RUNNING   pid 4242, uptime 0:03:12
            openflow                         STOPPED   Dec 06 03:40 AM
            resource                         BACKOFF   Exited too quickly (process log may have details)
            """;

    private static final String LOG = """
            2026-12-06 03:30:00,001 INFO spawned: 'resource' with pid 100
            2026-12-06 03:30:04,001 INFO success: resource entered RUNNING state, process has stayed up for > than 3 seconds (startsecs)
            2026-12-06 03:31:00,001 INFO exited: resource (terminated by SIGKILL; not expected)
            2026-12-06 03:31:00,002 INFO spawned: 'resource' with pid 101
            2026-12-06 03:32:00,001 INFO exited: resource (exit status 1; not expected)
            2026-12-06 03:33:00,001 INFO stopped: openflow (exit status 143)
            2026-12-06 03:34:00,001 INFO exited: modulehost-mh1 (terminated by SIGKILL; not expected)
            """;

    @Test
    void readsEachProgramsStatePidUptimeAndUnexpectedExits() {
        List<ProgramStatus> programs = ProgramStatus.parse(STATUS, LOG);
        assertThat(programs)
                .containsExactly(
                        new ProgramStatus("modulehost-mh1", "RUNNING", 4242, "0:03:12", 1, ""),
                        new ProgramStatus("openflow", "STOPPED", 0, "", 0, "Dec 06 03:40 AM"),
                        new ProgramStatus(
                                "resource", "BACKOFF", 0, "", 2, "Exited too quickly (process log may have details)"));
        assertThat(programs.get(0).isRunning()).isTrue();
        assertThat(programs.get(1).isRunning()).isFalse();
    }

    @Test
    void aStopAskedForIsNotARestart() {
        assertThat(ProgramStatus.parse(
                                "openflow  RUNNING   pid 7, uptime 0:00:05\n",
                                "INFO stopped: openflow (exit status 143)\n")
                        .get(0)
                        .restarts())
                .isZero();
    }
}
