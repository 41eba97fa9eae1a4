package org.flowstream.modulehost.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The module host's word that a PM's interfaces exist: a file it creates once it has made all of the PM's ports.
 * The module host starts the PM's JVM before it makes them, so JVM start-up and port creation overlap; the PM
 * waits here before it opens its first interface. Polled, not watched: a PM waits a few hundred milliseconds at
 * most, and a stat() every 5 ms costs less than loading the JDK's file watcher into every PM.
 */
final class PortsReady {

    /** For a PM whose ports were made before it started (the AOT cache's training, tests, the cold start-up). */
    static final PortsReady ALREADY = new PortsReady(null);

    /** Longer than any port creation; a module host that died meanwhile leaves a PM that gives up and exits. */
    private static final Duration PATIENCE = Duration.ofMinutes(1);

    private final Path file;
    private final Duration patience;
    private volatile boolean ready;

    PortsReady(Path file) {
        this(file, PATIENCE);
    }

    PortsReady(Path file, Duration patience) {
        this.file = file;
        this.patience = patience;
        this.ready = file == null;
    }

    /** Returns once the ports are there; throws if they do not come in time (a minute for a PM). */
    void await() {
        if (ready) {
            return;
        }
        long deadline = System.nanoTime() + patience.toNanos();
        System.err.println("waiting for the module host to make the ports (" + file.getFileName() + ")");
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new NeverReadyException("the module host did not make its ports within %d ms (%s is missing)"
                        .formatted(patience.toMillis(), file));
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NeverReadyException("interrupted while waiting for its ports");
            }
        }
        ready = true;
    }

    /** The ports never came. */
    static final class NeverReadyException extends RuntimeException {
        NeverReadyException(String message) {
            super(message);
        }
    }
}
