package org.flowstream.cli.platform;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.DaemonUnreachableException;

/**
 * Waits for a started daemon to answer, and stops a process by pid: SIGTERM first, so it shuts down cleanly,
 * and SIGKILL only if it does not (for supervisord and Open vSwitch; supervisord stops the daemons).
 */
final class DaemonProcesses {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private DaemonProcesses() {}

    /** Waits until the daemon answers ping; fails with the end of its log when it dies or takes too long. */
    static void awaitReady(String name, BooleanSupplier alive, URI url, String user, String password, Path log)
            throws Exception {
        DaemonClient client = new DaemonClient(url, user, password, 2_000);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException("the %s daemon exited while starting; its log %s ends with:%n%s"
                        .formatted(name, log, tail(log)));
            }
            try {
                if (client.call("ping").isSuccess()) {
                    return;
                }
            } catch (DaemonUnreachableException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(
                "the %s daemon did not answer within %d s; see %s".formatted(name, READY_TIMEOUT.toSeconds(), log));
    }

    /** Stops a daemon process; true when it had to be killed. */
    static boolean stop(long pid) throws InterruptedException {
        var handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        handle.get().destroy();
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        while (handle.get().isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        if (handle.get().isAlive()) {
            handle.get().destroyForcibly();
            return true;
        }
        return false;
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
