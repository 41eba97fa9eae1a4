package org.flowstream.modulehost.basesys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.flowstream.common.io.PropertiesFiles;
import org.flowstream.modulehost.pool.WarmSlot;
import org.flowstream.modulehost.runtime.PmMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leftover checks tell a module host's warm slots from leftovers by the process behind each slot record: only a
 * process started as that very slot counts (a record whose pid is dead, or reused by another process, does not), the
 * slot's directory however the platform's state directory is named. The stand-in "runtime" is a shell whose command
 * line names PmMain and the slot as a slot's does: no JVM, no namespace.
 */
class PmRuntimesTest {

    @Test
    void onlyAProcessStartedAsThatSlotMakesItAWarmSlot(@TempDir Path home) throws Exception {
        Path state = home.resolve("run/state");
        Path running = state.resolve("modulehost-mh1/pool/a1b2c3");
        Path reused = state.resolve("modulehost-mh1/pool/d4e5f6");
        Path dead = state.resolve("modulehost-mh2/pool/0a0b0c");
        Process slot = new ProcessBuilder("sh", "-c", "sleep 60", PmMain.class.getName(), "--slot", running.toString())
                .start();
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor(10, TimeUnit.SECONDS);
        try {
            record(running, "a1b2c3", slot.pid());
            record(reused, "d4e5f6", ProcessHandle.current().pid()); // alive, but not started as this slot
            record(dead, "0a0b0c", finished.pid());

            assertThat(PmRuntimes.runningSlotNamespacesUnder(state)).containsExactly("fspm-a1b2c3");
            Files.createSymbolicLink(home.resolve("elsewhere"), home.resolve("run"));
            assertThat(PmRuntimes.runningSlotNamespacesUnder(home.resolve("elsewhere/state")))
                    .as("the state directory named through a link")
                    .containsExactly("fspm-a1b2c3");
            assertThat(PmRuntimes.runsSlot(slot.pid(), reused)).isFalse();
        } finally {
            slot.destroyForcibly();
        }
        slot.waitFor(10, TimeUnit.SECONDS);
        assertThat(PmRuntimes.runningSlotNamespacesUnder(state))
                .as("once it ended")
                .isEmpty();
    }

    private static void record(Path slotDir, String id, long pid) throws Exception {
        Files.createDirectories(slotDir);
        Properties p = new Properties();
        p.setProperty("id", id);
        p.setProperty("pid", Long.toString(pid));
        PropertiesFiles.write(slotDir.resolve(WarmSlot.RECORD), p, "test slot");
    }
}
