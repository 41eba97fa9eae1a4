package org.flowstream.modulehost.pm;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.flowstream.modulehost.net.PmPort;

/** A PM as a base system runs it: its process, ports and limits, and how to take it all down. */
public interface PmHandle {

    long pid();

    /** Where the PM lives (the network namespace's name for linux.netns). */
    String location();

    List<PmPort> ports();

    /** Completes with the exit code when the PM's process ends, however it ends. */
    CompletableFuture<Integer> onExit();

    boolean isAlive();

    /** Whether the PM says it is up (its runtime built the graph and bound its sockets). */
    boolean isReady();

    /** Called once the PM is up, before it is reported running: limits deferred during start-up apply from here on. */
    default void ready() throws Exception {}

    /**
     * Makes sure the PM's control channel listens (a PM opens it only when first asked), waiting until it does;
     * throws, saying why, when the PM cannot (it is not running).
     */
    default void openControlChannel() throws java.io.IOException {}

    /** How its start went, for the log line that says it is up (e.g. CPU time and the runtime's steps); may be empty. */
    default String startupDetails() {
        return "";
    }

    /** The PM runtime's latest statistics (ports, elements); empty before the first report. */
    Map<String, Object> stats();

    /** CPU and memory use of the PM. */
    Map<String, Object> usage();

    /** What the OS enforces on it. */
    Map<String, Object> limits();

    /** The last lines the PM printed, and why the OS may have killed it, for failure reports. */
    String failureDetails();

    /** Stops the process (SIGTERM, then SIGKILL) and removes everything the PM had. Safe to call twice. */
    void destroy();
}
