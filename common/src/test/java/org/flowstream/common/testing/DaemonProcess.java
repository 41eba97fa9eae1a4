package org.flowstream.common.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.flowstream.common.daemon.DaemonMain;
import org.flowstream.common.rpc.DaemonClient;

/**
 * A daemon run as its own JVM, as supervisord runs it on a platform ({@code DaemonMain <daemon class> <config>}),
 * for tests that kill it ({@code kill -9}, SIGTERM, SIGSTOP) and start it again: the test's own class path, its
 * output appended to a log file, and started once it answers ping.
 */
public final class DaemonProcess {

    /** A JVM start on a loaded 2-core machine can take a while; a daemon that never answers still fails. */
    private static final long START_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(3);

    private DaemonProcess() {}

    /**
     * Starts {@code daemonClass} with the configuration file {@code config}, its standard output and error appended
     * to {@code log}, and returns once {@code client} (pointed at the port the configuration names) gets an answer
     * to ping. A daemon that dies or does not answer in time fails the test with its log.
     */
    public static Process startAndAwait(Class<?> daemonClass, Path config, Path log, DaemonClient client)
            throws IOException, InterruptedException {
        Process process = start(daemonClass, config, log);
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (client.call("ping").isSuccess()) {
                    return process;
                }
            } catch (RuntimeException starting) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        throw new AssertionError("the %s did not start; its log:%n%s"
                .formatted(daemonClass.getSimpleName(), Files.exists(log) ? Files.readString(log) : "(none)"));
    }

    /** Starts {@code daemonClass} with {@code config} without waiting for it, its output appended to {@code log}. */
    public static Process start(Class<?> daemonClass, Path config, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        DaemonMain.class.getName(),
                        daemonClass.getName(),
                        config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }
}
