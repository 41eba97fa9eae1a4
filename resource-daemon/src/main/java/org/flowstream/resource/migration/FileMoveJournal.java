package org.flowstream.resource.migration;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MoveJournal} as one small JSON file per allocation ({@code a<id>.json}) in a directory of the state
 * directory: written to a temporary file, flushed to disk and renamed over the old one, so a crash leaves either
 * the old entry or the new one. The directory is the daemon user's alone (0700).
 */
public final class FileMoveJournal implements MoveJournal {

    private static final Logger LOG = LoggerFactory.getLogger(FileMoveJournal.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Path dir;

    public FileMoveJournal(Path dir) {
        this.dir = dir;
    }

    @Override
    public void write(Entry entry) {
        try {
            ensureOwnerOnlyDirectory();
            Path temporary = dir.resolve("a%d.json.tmp".formatted(entry.allocId()));
            Files.write(temporary, JSON.writeValueAsBytes(entry));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, file(entry.allocId()), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot record the move of allocation %d in %s: %s".formatted(entry.allocId(), dir, e.getMessage()),
                    e);
        }
    }

    /**
     * Creates the journal's directory readable by the daemon's user only (0700), and tightens one an earlier version
     * left open: an entry names the allocation's PMs and hosts, which other local users have no business reading.
     */
    private void ensureOwnerOnlyDirectory() throws IOException {
        if (dir.getParent() != null) {
            Files.createDirectories(dir.getParent());
        }
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException raced) {
                // made meanwhile: its permissions are set below
            }
        }
        if (!Files.getPosixFilePermissions(dir).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
        }
    }

    @Override
    public void remove(int allocId) {
        try {
            Files.deleteIfExists(file(allocId));
        } catch (IOException e) {
            LOG.warn("cannot remove the finished move of allocation {} from {}: {}", allocId, dir, e.getMessage());
        }
    }

    @Override
    public List<Entry> unfinished() {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("a\\d+\\.json"))
                    .toList()) {
                try {
                    entries.add(JSON.readValue(file.toFile(), Entry.class));
                } catch (IOException e) {
                    LOG.error("unreadable move record {} (left in place): {}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot list the moves in flight in %s: %s".formatted(dir, e.getMessage()), e);
        }
        return entries;
    }

    private Path file(int allocId) {
        return dir.resolve("a%d.json".formatted(allocId));
    }
}
