package org.flowstream.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropertiesFilesTest {

    @Test
    void whatIsWrittenIsReadBackAndNoTemporaryFileStays(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("record.properties");
        Properties p = new Properties();
        p.setProperty("id", "0c1ea0");
        PropertiesFiles.write(file, p, "a record");
        p.setProperty("pid", "42");
        PropertiesFiles.write(file, p, "a record"); // replaces the first

        assertThat(PropertiesFiles.read(file)).contains(p);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aMissingFileIsEmpty(@TempDir Path dir) throws Exception {
        assertThat(PropertiesFiles.read(dir.resolve("none.properties"))).isEmpty();
    }
}
