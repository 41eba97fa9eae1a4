package org.flowstream.cli.platform;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;

/**
 * Files and directories only their owner may read: configuration files with passwords (mode 0600) and daemons'
 * state directories (mode 0700), given to the system user of the daemon that uses them.
 */
final class PrivateFiles {

    private PrivateFiles() {}

    /**
     * Writes {@code content} with mode 0600 from the first byte (a temporary file created with that mode, then
     * moved over the old one), so that no other user can read it even for a moment.
     */
    static void write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(temporary, content, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Makes {@code file} belong to {@code user} (and that user's group). */
    static void giveTo(Path file, String user) throws IOException {
        UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
        PosixFileAttributeView view =
                Files.getFileAttributeView(file, PosixFileAttributeView.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        view.setOwner(users.lookupPrincipalByName(user));
        view.setGroup(users.lookupPrincipalByGroupName(user));
    }

    /**
     * Creates {@code dir} if needed, mode 0700, and gives it and everything in it to {@code user}: state written by
     * an earlier platform (when every daemon ran as root) becomes the daemon's own.
     */
    static void ownDirectory(Path dir, String user) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                giveTo(d, user);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                giveTo(f, user);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
