package org.flowstream.cli.platform;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.flowstream.common.config.FlowstreamHome;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.DaemonUnreachableException;

/**
 * Starts daemons as processes of their own (surviving the command that started them, logging to their own
 * file) and stops them: SIGTERM first, so they shut down cleanly, and SIGKILL only if they do not.
 */
final class DaemonProcesses {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private DaemonProcesses() {
    }

    /**
     * Starts {@code flowstream daemon KIND --config FILE} detached from this terminal; returns its pid. A daemon
     * with a namespace is started inside it with nsenter, which changes only the network namespace (ip netns
     * exec would also give it a mount namespace of its own, hiding the namespaces and cgroups it creates for PMs).
     */
    static long start(PlatformLayout.DaemonSpec daemon, Path config, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        if (!daemon.namespace().isEmpty()) {
            command.addAll(List.of("nsenter", "--net=/var/run/netns/" + daemon.namespace()));
        }
        command.addAll(List.of("setsid", java, "-Dflowstream.home=" + FlowstreamHome.path(),
                "-cp", System.getProperty("java.class.path"), "org.flowstream.cli.FlowstreamCli", "daemon", daemon.kind(), "--config", config.toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        return process.pid(); // nsenter and setsid exec, so this is the daemon's own pid
    }

    /** Waits until the daemon answers ping; fails with the end of its log when it dies or takes too long. */
    static void awaitReady(String name, long pid, URI url, String user, String password, Path log) throws Exception {
        DaemonClient client = new DaemonClient(url, user, password, 2_000);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                throw new IllegalStateException("the %s daemon exited while starting; its log %s ends with:%n%s".formatted(name, log, tail(log)));
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
        throw new IllegalStateException("the %s daemon did not answer within %d s; see %s".formatted(name, READY_TIMEOUT.toSeconds(), log));
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
