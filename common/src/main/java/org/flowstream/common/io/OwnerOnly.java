package org.flowstream.common.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories of a daemon's state that no other local user may read or write: directories mode 0700, files
 * 0600, from the moment they exist (created with that mode, never changed afterwards), whatever the umask.
 */
public final class OwnerOnly {

    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {}

    /** Creates {@code dir} (and missing parents) mode 0700; an existing {@code dir} is made 0700. */
    public static Path createDirectories(Path dir) throws IOException {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
        Files.setPosixFilePermissions(dir, DIRECTORY);
        return dir;
    }

    /** Creates an empty file mode 0600; fails if it exists (as {@link Files#createFile}). */
    public static Path createFile(Path file) throws IOException {
        return Files.createFile(file, fileMode());
    }

    /** The attribute that creates a file mode 0600 (for {@link Files#newByteChannel} and the like). */
    public static FileAttribute<Set<PosixFilePermission>> fileMode() {
        return PosixFilePermissions.asFileAttribute(FILE);
    }
}
