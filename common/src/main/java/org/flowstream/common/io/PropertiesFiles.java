package org.flowstream.common.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * Small records kept as properties files that another process (a restarted daemon, a leftover check) reads after a
 * crash: written to a temporary file and moved into place, so a reader never finds one half written.
 */
public final class PropertiesFiles {

    private PropertiesFiles() {}

    /**
     * Writes {@code properties} to {@code file} all at once (temporary file, then an atomic rename), mode 0600: the
     * records are a daemon's own ({@link OwnerOnly}).
     */
    public static void write(Path file, Properties properties, String comment) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(temporary); // one left by a crash keeps the mode it was made with
        try (var out = java.nio.channels.Channels.newOutputStream(Files.newByteChannel(
                temporary,
                java.util.Set.of(java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE),
                OwnerOnly.fileMode()))) {
            properties.store(out, comment);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The properties in {@code file}, or empty when there is no such file. */
    public static Optional<Properties> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (var in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return Optional.of(properties);
    }
}
