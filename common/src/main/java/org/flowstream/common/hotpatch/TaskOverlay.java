package org.flowstream.common.hotpatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.flowstream.common.io.FileTrees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task sources operators sent with upgrade, kept in the daemon's state directory over the shipped tasks/
 * (which the daemon never writes). Laid out as
 * <pre>
 *   &lt;dir&gt;/current -&gt; generations/&lt;id&gt;     a symbolic link, swapped atomically
 *   &lt;dir&gt;/generations/&lt;id&gt;/common/Name.java
 *   &lt;dir&gt;/generations/&lt;id&gt;/&lt;daemon&gt;/Name.java
 * </pre>
 * An upgrade writes a whole new generation (the current files plus the new ones) beside the current one, then
 * renames a new link over {@code current}: rename is atomic, so whenever the daemon crashes it finds either the
 * old set or the new one, never a mix. Generations left behind by a crash are removed at the next start.
 * The directories are the daemon user's alone (mode 700): code placed there runs inside the daemon.
 */
public final class TaskOverlay {

    private static final Logger LOG = LoggerFactory.getLogger(TaskOverlay.class);

    /** The name of a new link before it is renamed over {@code current}. */
    private static final String NEW_LINK_PREFIX = ".current-";

    private final Path dir;

    public TaskOverlay(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The current set of overlay sources (a directory that may not exist yet: then there are none). */
    public Path current() {
        return dir.resolve("current");
    }

    /**
     * Removes what a crash in the middle of {@link #replace} left behind: generations other than the current one
     * (half-written, or replaced but not yet deleted) and a new link that was never renamed over {@code current}.
     */
    public void cleanUp() throws IOException {
        removeUnusedLinks();
        Path generations = dir.resolve("generations");
        if (!Files.isDirectory(generations)) {
            return;
        }
        Path live = Files.isSymbolicLink(current()) ? current().toRealPath() : null;
        try (Stream<Path> all = Files.list(generations)) {
            for (Path generation : all.toList()) {
                if (live == null || !generation.toRealPath().equals(live)) {
                    LOG.info(
                            "removing task overlay generation {} (not current: left by an interrupted upgrade or replaced)",
                            generation);
                    FileTrees.delete(generation);
                }
            }
        }
    }

    /**
     * Makes {@code files} (relative path "tier/Name.java" to source text) part of the overlay, all or none: the
     * new generation is complete on disk before {@code current} points to it.
     */
    public synchronized void replace(Map<String, String> files) throws IOException {
        Path generations = dir.resolve("generations");
        createPrivateDirectories(generations);
        Path next = generations.resolve(
                System.currentTimeMillis() + "-" + UUID.randomUUID().toString().substring(0, 8));
        Files.createDirectory(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path previous = Files.isSymbolicLink(current()) ? current().toRealPath() : null;
        try {
            if (previous != null) {
                copyTree(previous, next);
            }
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = next.resolve(file.getKey()).normalize();
                if (!target.startsWith(next)) {
                    throw new IOException("%s is outside the task overlay".formatted(file.getKey()));
                }
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            }
            swapCurrent(dir.relativize(next));
        } catch (IOException | RuntimeException e) {
            FileTrees.delete(next);
            throw e;
        }
        if (previous != null) {
            FileTrees.delete(previous);
        }
    }

    private void removeUnusedLinks() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> all = Files.list(dir)) {
            for (Path link : all.filter(p -> p.getFileName().toString().startsWith(NEW_LINK_PREFIX))
                    .toList()) {
                LOG.info("removing {}: a link an interrupted upgrade made but never swapped in", link);
                Files.deleteIfExists(link);
            }
        }
    }

    /** Points {@code current} at {@code generation} with one rename, the step that makes an upgrade happen. */
    private void swapCurrent(Path generation) throws IOException {
        Path link = dir.resolve(NEW_LINK_PREFIX + UUID.randomUUID());
        Files.createSymbolicLink(link, generation);
        try {
            Files.move(link, current(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(link);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                    try {
                        Files.createDirectory(target);
                    } catch (FileAlreadyExistsException root) {
                        // the generation directory itself
                    }
                } else if (Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES); // same mtime: not compiled again
                }
            }
        }
    }

    private static void createPrivateDirectories(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            Files.createDirectories(path);
            Files.setPosixFilePermissions(path.getParent(), PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
