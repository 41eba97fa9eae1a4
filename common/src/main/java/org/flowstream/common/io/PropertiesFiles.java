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

    /** Writes {@code properties} to {@code file} all at once (temporary file, then an atomic rename). */
    public static void write(Path file, Properties properties, String comment) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        try (var out = Files.newOutputStream(temporary)) {
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
