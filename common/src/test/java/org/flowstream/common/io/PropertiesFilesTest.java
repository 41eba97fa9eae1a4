package org.flowstream.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
    void onlyTheOwnerMayReadOrWriteARecordEvenOneThatWasOpenBefore(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("record.properties");
        Files.writeString(file, "id=old\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        // A temporary file a crash left behind, open to everyone: not reused with its mode.
        Path leftover = dir.resolve("record.properties.new");
        Files.writeString(leftover, "id=half\n");
        Files.setPosixFilePermissions(leftover, PosixFilePermissions.fromString("rw-rw-rw-"));
        Properties p = new Properties();
        p.setProperty("id", "0c1ea0");

        PropertiesFiles.write(file, p, "a record");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PropertiesFiles.read(file)).contains(p);
        assertThat(leftover).doesNotExist();
    }

    @Test
    void aMissingFileIsEmpty(@TempDir Path dir) throws Exception {
        assertThat(PropertiesFiles.read(dir.resolve("none.properties"))).isEmpty();
    }
}
