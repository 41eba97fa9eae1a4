package org.flowstream.resource.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.flowstream.common.io.DurableFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Small records kept as one JSON file per allocation ({@code a<id>.json}) in a directory of the state directory:
 * written to a temporary file, flushed to disk and renamed over the old one, so a crash leaves either the old record
 * or the new one. The directory is the daemon user's alone (0700): a record names an allocation's PMs and hosts,
 * which other local users have no business reading. The move journal and the scaling groups' store keep their
 * records here.
 */
public final class JsonFileDirectory<T> {

    private static final Logger LOG = LoggerFactory.getLogger(JsonFileDirectory.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Path dir;
    private final Class<T> type;
    /** What a record is, in words, for errors ("the move", "the scaling group"). */
    private final String what;

    public JsonFileDirectory(Path dir, Class<T> type, String what) {
        this.dir = dir;
        this.type = type;
        this.what = what;
    }

    /** Replaces the allocation's record, durable when this returns. */
    public void write(int allocId, T value) {
        try {
            ensureOwnerOnlyDirectory();
            DurableFiles.replace(file(allocId), JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot record %s of allocation %d in %s: %s".formatted(what, allocId, dir, e.getMessage()), e);
        }
    }

    /** Creates the directory 0700, and tightens one an earlier version left open. */
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

    public void remove(int allocId) {
        try {
            Files.deleteIfExists(file(allocId));
        } catch (IOException e) {
            LOG.warn("cannot remove {} of allocation {} from {}: {}", what, allocId, dir, e.getMessage());
        }
    }

    /** The allocation's record; an unreadable one is logged and left in place, and reads as none. */
    public Optional<T> read(int allocId) {
        Path file = file(allocId);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return readFile(file);
    }

    /** Every readable record. */
    public List<T> readAll() {
        List<T> records = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return records;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("a\\d+\\.json"))
                    .toList()) {
                readFile(file).ifPresent(records::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list %s records in %s: %s".formatted(what, dir, e.getMessage()), e);
        }
        return records;
    }

    private Optional<T> readFile(Path file) {
        try {
            return Optional.of(JSON.readValue(file.toFile(), type));
        } catch (IOException e) {
            LOG.error("unreadable record of {} {} (left in place): {}", what, file, e.getMessage());
            return Optional.empty();
        }
    }

    private Path file(int allocId) {
        return dir.resolve("a%d.json".formatted(allocId));
    }
}
