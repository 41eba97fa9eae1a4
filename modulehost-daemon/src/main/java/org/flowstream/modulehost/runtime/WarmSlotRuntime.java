package org.flowstream.modulehost.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The PM runtime as a slot of the module host's warm pool ({@code pool/WarmPool}): a JVM started ahead of any
 * create_pm, already in the namespace and cgroup its PM will have, that waits for the module host to say which PM it
 * is. Everything a PM's start-up spends before it reads its graph (JVM boot, the AOT cache's classes, the parser and
 * the element registry) is then behind it.
 *
 * <p>Protocol, on the runtime's standard input ({@link HostPipe}): one line {@code pm<TAB>--name<TAB>N<TAB>--config...},
 * the same options a PM is started with otherwise, tab-separated. The slot says it is warm by creating
 * {@code DIR/warm}. If its input ends before an assignment came, its module host is gone: it exits with 0, and the
 * next module host removes what the slot had from the slot's record.
 */
final class WarmSlotRuntime {

    /** The first word of an assignment line. */
    static final String ASSIGN = "pm";

    private static final int WAIT_MILLIS = 60_000;

    private WarmSlotRuntime() {}

    /** Warms up, then waits until the module host assigns a PM; returns that PM's options. */
    static Map<String, String> awaitAssignment(HostPipe host, Path slotDir) throws InterruptedException {
        warmUp();
        try {
            // Mode 0600 as the rest of the pool (common's OwnerOnly is not on the PM runtime's short class path).
            Files.createFile(
                    slotDir.resolve("warm"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            System.err.println("slot " + slotDir + ": cannot say it is warm (" + e.getMessage() + ")");
        }
        while (true) {
            Optional<String> line = host.next(WAIT_MILLIS);
            if (line.isPresent() && line.get().startsWith(ASSIGN + "\t")) {
                String[] words = line.get().substring(ASSIGN.length() + 1).split("\t");
                return PmMain.parseOptions(words);
            }
            if (host.ended()) {
                System.err.println("slot " + slotDir + ": its module host went away before assigning a PM; exiting");
                System.exit(0);
            }
        }
    }

    /**
     * A throwaway graph with the built-in elements (but {@link #NOT_WARMED}), wired the way PMs wire them, on the
     * namespace's loopback interface (down in a new namespace: nothing arrives, nothing is sent). Building it, reporting
     * its statistics once and closing it loads and initialises what a PM's own start would otherwise do after create_pm,
     * in the burst: element classes and their signatures, the records' and lambdas' bootstrap methods, the packet
     * socket's memory layouts and var handles, the receive and send batches, the statistics writer. What the AOT cache
     * holds is loaded and linked, not initialised; what it lacks (method handles spun at run time) is made here.
     * Measured (docs/modulehost-daemon.md, "Seventh round"): a pooled PM's configuration took 31-53 ms of CPU after it
     * was assigned, now 6-10 ms. The graph is not started: its reader thread's C heap stayed in every idle PM (1.5 MB).
     */
    static final String WARM_UP_GRAPH = String.join(
            "\n",
            "in :: FromDevice(lo); out :: ToDevice(lo);",
            "fw :: IPFilter(deny udp dst port 9, deny tcp src net 10.0.0.0/8 dst port 22-23, allow all);",
            "cl :: Classifier(12/0800, -); tee :: Tee(2); mirror :: Mirror;",
            "in -> fw -> cl -> Counter -> tee -> mirror -> RateLimiter(1000) -> PrefixSampler(24) -> Null -> out;",
            "cl[1] -> Discard; tee[1] -> Discard; mirror[1] -> Discard");

    /**
     * Built-in elements the warm-up leaves out: the stateful ones (NAT, TCP tracking) bring the per-flow state, the
     * control channel's operations and the daisy chain, about 0.5 MB more in every idle PM for the few that use them;
     * those initialise them at their own start.
     */
    static final Set<String> NOT_WARMED = Set.of("IPRewriter", "TcpTracker");

    /** Builds, reports and closes {@link #WARM_UP_GRAPH}; a failure only costs the PM its start later. */
    static void warmUp() {
        try {
            PmGraph graph = warmUpGraph(PacketSocket::open);
            try {
                StatsJson.write(graph.stats());
            } finally {
                graph.close();
            }
        } catch (ConfigException | RuntimeException e) {
            System.err.println("warm-up incomplete: " + e.getMessage()); // the PM loads the same classes later
        }
    }

    /** {@link #WARM_UP_GRAPH}, built on devices {@code opener} opens. */
    static PmGraph warmUpGraph(Function<String, PacketIo> opener) throws ConfigException {
        return PmGraph.build(GraphParser.parse(WARM_UP_GRAPH), new ElementRegistry(null), new RuntimeContext(opener));
    }
}
