package org.flowstream.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {

    @TempDir
    Path dir;

    @Test
    void replacesTheContentWholeAndLeavesNoTemporaryFileBehind() throws Exception {
        Path file = dir.resolve("state/rules.json");
        DurableFiles.replace(file, "first".getBytes(StandardCharsets.UTF_8)); // its directory made on the way
        DurableFiles.replace(file, "second, longer".getBytes(StandardCharsets.UTF_8));
        DurableFiles.replace(file, "3rd".getBytes(StandardCharsets.UTF_8)); // shorter: nothing of the last is left

        assertThat(Files.readString(file)).isEqualTo("3rd");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aTemporaryFileLeftByACrashIsOverwritten() throws Exception {
        Path file = dir.resolve("a1.json");
        Files.writeString(dir.resolve("a1.json.tmp"), "half of an older wri");
        DurableFiles.replace(file, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(file)).isEqualTo("{}");
        assertThat(dir.resolve("a1.json.tmp")).doesNotExist();
    }
}
