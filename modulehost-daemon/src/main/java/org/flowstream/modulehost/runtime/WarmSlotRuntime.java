package org.flowstream.modulehost.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

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
     * Loads and initialises what every PM uses before it touches its interfaces: the graph parser and the element
     * registry with the built-in elements. Done on a graph that opens no device.
     */
    private static void warmUp() {
        try {
            GraphConfig config = GraphParser.parse("c :: Counter; c -> Discard");
            PmGraph.build(config, new ElementRegistry(null), new RuntimeContext(ifname -> {
                throw new IllegalStateException("a warm-up graph opens no device");
            }));
        } catch (ConfigException | RuntimeException e) {
            System.err.println("warm-up skipped: " + e.getMessage()); // the PM loads the same classes later
        }
    }
}
