package org.flowstream.resource.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.records.resource.PlacedPm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The move journal on disk: the daemon's user alone may read it, and what it wrote it reads back. */
class FileMoveJournalTest {

    @TempDir
    Path state;

    private static MoveJournal.Entry entry(int allocId) {
        return new MoveJournal.Entry(
                allocId,
                new PlacedPm("nat", "mh1", "a%d-nat".formatted(allocId), Map.of("p0", 3)),
                new PlacedPm("nat", "mh2", "a%d-nat".formatted(allocId), Map.of("p0", 7)),
                List.of("nat"),
                "",
                false);
    }

    @Test
    void itsDirectoryIsCreatedForTheOwnerOnly() throws Exception {
        Path dir = state.resolve("moves");
        FileMoveJournal journal = new FileMoveJournal(dir);
        journal.write(entry(4));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        assertThat(journal.unfinished()).containsExactly(entry(4));
    }

    @Test
    void aDirectoryLeftOpenByAnEarlierVersionIsTightened() throws Exception {
        Path dir = Files.createDirectory(
                state.resolve("moves"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        new FileMoveJournal(dir).write(entry(5));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
    }
}
