package org.flowstream.resource.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a failed PM's allocation shows as its reason, from the module host's failure report. */
class RecoveryGistTest {

    @Test
    void keepsHowTheProcessEndedAndTheOomKillerLineNotTheLogTail() {
        String report = """
                the PM process was killed by SIGKILL (exit code 137)
                the memory cgroup's OOM killer killed it (oom_kill 1, limit 128 MiB)
                12:00:01 PM hog: started
                12:00:02 PM hog: 2 ports up""";
        assertThat(Recovery.gist(report))
                .isEqualTo(
                        "the PM process was killed by SIGKILL (exit code 137); the memory cgroup's OOM killer killed it (oom_kill 1, limit 128 MiB)");
        assertThat(Recovery.gist("the PM process exited with code 1\nException in thread main"))
                .isEqualTo("the PM process exited with code 1");
        assertThat(Recovery.gist("")).isEmpty();
    }
}
