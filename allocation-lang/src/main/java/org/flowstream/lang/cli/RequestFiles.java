package org.flowstream.lang.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads request files for the commands; a file that cannot be read is reported, not thrown. */
final class RequestFiles {

    private RequestFiles() {}

    /** The text, or null after printing {@code file: error: reason} to {@code err}. */
    static String read(Path file, java.io.PrintWriter err) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            err.println(file + ": error: cannot read the file (" + describe(e) + ")");
            return null;
        }
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.charset.CharacterCodingException
                || e instanceof java.nio.charset.MalformedInputException) {
            return "not UTF-8 text";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? "an input/output error" : e.getMessage();
    }
}
