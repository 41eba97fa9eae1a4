package org.flowstream.common.hotpatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of an upgrade, for real: a separate JVM upgrades the overlay in a loop and is killed at
 * seeded random moments, which land in every step of {@link TaskOverlay#replace} (making the generation
 * directory, copying, writing, linking, swapping, deleting the old one). After each kill the directory, as the
 * next daemon start finds and cleans it, holds exactly one whole generation: the old one or the new one, never a
 * mix, and nothing else.
 */
class UpgradeCrashTest {

    private static final int FILES = 20;
    private static final int KILLS = 5;

    @TempDir
    Path dir;

    @Test
    void aKilledUpgradeLeavesTheOldOrTheNewGenerationWholeAndNothingElse() throws Exception {
        Path overlayDir = dir.resolve("overlay");
        Random random = new Random(19);
        int interruptedMidWrite = 0;
        long lastSeen = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            long first = (kill + 1) * 1_000_000L;
            Process upgrader = startUpgrader(overlayDir, first);
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(upgrader.getInputStream(), StandardCharsets.UTF_8))) {
                String line = out.readLine(); // one generation done: the loop is running
                assertThat(line).as("the upgrader's first generation").isEqualTo(String.valueOf(first));
                Thread.sleep(random.nextInt(15));
                upgrader.destroyForcibly(); // SIGKILL
                assertThat(upgrader.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
            if (leftovers(overlayDir)) {
                interruptedMidWrite++;
            }

            new TaskOverlay(overlayDir).cleanUp(); // what the daemon's next start does
            long generation = wholeGeneration(overlayDir);
            assertThat(generation).as("a generation this run wrote").isGreaterThanOrEqualTo(first);
            assertThat(generation).isGreaterThan(lastSeen);
            lastSeen = generation;
            assertThat(leftovers(overlayDir))
                    .as("nothing but the current generation after clean-up")
                    .isFalse();
        }
        // The kills really landed inside replace: otherwise this test would prove nothing.
        assertThat(interruptedMidWrite).isPositive();
    }

    private Process startUpgrader(Path overlayDir, long firstGeneration) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Xshare:auto",
                        "-XX:TieredStopAtLevel=1",
                        OverlayUpgradeLoop.class.getName(),
                        overlayDir.toString(),
                        String.valueOf(FILES),
                        String.valueOf(firstGeneration))
                .redirectError(dir.resolve("upgrader.err").toFile())
                .start();
    }

    /** The generation every file of the current set says it is from; fails on a mix or a missing file. */
    private static long wholeGeneration(Path overlayDir) throws IOException {
        Path current = overlayDir.resolve("current");
        assertThat(Files.isSymbolicLink(current)).isTrue();
        Set<String> contents = new HashSet<>();
        for (int i = 0; i < FILES; i++) {
            Path file = current.resolve("test/File%02d.java".formatted(i));
            assertThat(file).as("every file of the set").exists();
            contents.add(Files.readString(file));
        }
        assertThat(contents).as("one generation, not a mix").hasSize(1);
        return Long.parseLong(contents.iterator().next().substring("generation ".length()));
    }

    /** Whether anything besides the current generation and its link is there (what a kill mid-replace leaves). */
    private static boolean leftovers(Path overlayDir) throws IOException {
        try (Stream<Path> top = Files.list(overlayDir);
                Stream<Path> generations = Files.list(overlayDir.resolve("generations"))) {
            List<String> names = top.map(p -> p.getFileName().toString()).toList();
            return names.stream().anyMatch(n -> !n.equals("current") && !n.equals("generations"))
                    || generations.count() != 1;
        }
    }
}
