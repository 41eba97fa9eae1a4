package org.flowstream.common.hotpatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upgrade overlay is all or nothing on disk: a failed or interrupted upgrade leaves the previous set whole. */
class TaskOverlayTest {

    @TempDir
    Path dir;

    @Test
    void anUpgradeAddsToTheCurrentSetInOneSwap() throws IOException {
        TaskOverlay overlay = new TaskOverlay(dir.resolve("overlay"));
        overlay.replace(Map.of("test/A.java", "a1", "common/B.java", "b1"));
        overlay.replace(Map.of("test/A.java", "a2"));
        assertThat(Files.readString(overlay.current().resolve("test/A.java"))).isEqualTo("a2");
        assertThat(Files.readString(overlay.current().resolve("common/B.java"))).isEqualTo("b1");
        assertThat(generations()).hasSize(1); // the replaced generation is gone
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("overlay"))))
                .isEqualTo("rwx------");
    }

    @Test
    void aFailureHalfwayChangesNothing() throws IOException {
        TaskOverlay overlay = new TaskOverlay(dir.resolve("overlay"));
        overlay.replace(Map.of("test/A.java", "a1"));
        Map<String, String> files = new LinkedHashMap<>();
        files.put("test/A.java", "a2"); // written into the new generation first...
        files.put("../../Escape.java", "x"); // ...then this one fails
        assertThatThrownBy(() -> overlay.replace(files)).hasMessageContaining("outside the task overlay");
        assertThat(Files.readString(overlay.current().resolve("test/A.java"))).isEqualTo("a1");
        assertThat(generations()).hasSize(1);
        assertThat(Files.exists(dir.resolve("Escape.java"))).isFalse();
    }

    @Test
    void aGenerationLeftByACrashIsRemovedAtStartAndTheCurrentOneServes() throws IOException {
        TaskOverlay overlay = new TaskOverlay(dir.resolve("overlay"));
        overlay.replace(Map.of("test/A.java", "a1"));
        // what a kill -9 between writing the next generation and swapping the link leaves behind
        Path halfWritten = dir.resolve("overlay/generations/999-crashed/test");
        Files.createDirectories(halfWritten);
        Files.writeString(halfWritten.resolve("A.java"), "a2, half");

        TaskOverlay afterRestart = new TaskOverlay(dir.resolve("overlay"));
        afterRestart.cleanUp();
        assertThat(Files.readString(afterRestart.current().resolve("test/A.java")))
                .isEqualTo("a1");
        assertThat(generations()).hasSize(1);
    }

    @Test
    void aLinkMadeButNeverSwappedInIsRemovedAtStart() throws IOException {
        TaskOverlay overlay = new TaskOverlay(dir.resolve("overlay"));
        overlay.replace(Map.of("test/A.java", "a1"));
        // what a kill -9 between making the new link and renaming it over current leaves behind
        Path stray = dir.resolve("overlay/.current-crashed");
        Files.createSymbolicLink(stray, Path.of("generations/999-crashed"));

        new TaskOverlay(dir.resolve("overlay")).cleanUp();
        assertThat(Files.exists(stray, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.readString(overlay.current().resolve("test/A.java"))).isEqualTo("a1");
    }

    private java.util.List<Path> generations() throws IOException {
        try (Stream<Path> all = Files.list(dir.resolve("overlay/generations"))) {
            return all.toList();
        }
    }
}
