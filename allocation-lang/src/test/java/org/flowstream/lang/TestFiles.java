package org.flowstream.lang;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the request files under src/test/resources/configs. */
public final class TestFiles {

    private TestFiles() {}

    public static String config(String name) {
        try (InputStream in = TestFiles.class.getResourceAsStream("/configs/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource configs/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
