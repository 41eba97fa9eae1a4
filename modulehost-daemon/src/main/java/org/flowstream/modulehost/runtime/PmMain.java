package org.flowstream.modulehost.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.flowstream.modulehost.control.PmControlServer;

/**
 * The PM process: {@code java ... PmMain --name N --config FILE --stats FILE --elements DIR --control SOCKET}, started by the
 * module host daemon inside the PM's network namespace and cgroup. It builds the element graph from the
 * configuration file, opens AF_PACKET sockets on the interfaces it names, and forwards packets until SIGTERM.
 *
 * <p>Statistics channel to the daemon: the stats file, a JSON object rewritten atomically (write to a temporary
 * file, rename) once a second and once more at shutdown: {@code {"name", "pid", "state", "updated_ms",
 * "ports": {ifname: {rx_packets, rx_bytes, tx_packets, tx_bytes, tx_errors}}, "elements": {name: {...}}}}.
 * Its first appearance tells the daemon the PM is up (graph built, sockets bound).
 *
 * <p>Control channel: with {@code --control SOCKET}, a Unix socket on which the module host exports, imports and
 * freezes the per-flow state of the PM's stateful elements while it runs ({@link PmControlServer}). With
 * {@code --control-on-request true} it is opened only once the module host asks for it on the PM's standard input, or
 * once that input ends ({@link HostPipe}): an idle PM that is never asked saves the 2.4 MB a listening Unix socket
 * costs.
 *
 * <p>Ports: with {@code --ports-ready FILE} the module host starts the PM while it still makes its ports, and
 * creates FILE once they are all there; the PM reads its configuration and builds its elements meanwhile, and waits
 * for FILE only before it opens its first interface ({@link PortsReady}).
 *
 * <p>Warm pool: with {@code --slot DIR} (and no other option) the runtime is a pre-started slot of the module host's
 * warm pool: it starts, loads what every PM needs, says so ({@code DIR/warm}) and waits on its standard input for
 * the options above, which make it a PM ({@link WarmSlotRuntime}); it exits if that input ends unused.
 *
 * <p>Exit codes: 0 after SIGTERM (or a slot whose module host went away), 2 for a configuration the runtime rejects or ports that never came (the messages
 * are on stderr).
 */
public final class PmMain {

    public static final int EXIT_BAD_CONFIG = 2;

    private PmMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        HostPipe host = null;
        if (options.containsKey("slot")) {
            host = new HostPipe();
            options = WarmSlotRuntime.awaitAssignment(host, Path.of(options.get("slot")));
        }
        long began = System.nanoTime(); // for a warm slot: when its PM was assigned
        String name = options.getOrDefault("name", "pm");
        Path configFile = Path.of(required(options, "config"));
        Path statsFile = Path.of(required(options, "stats"));
        Path elementsDir = options.containsKey("elements") ? Path.of(options.get("elements")) : null;

        PortsReady ports = options.containsKey("ports-ready")
                ? new PortsReady(Path.of(options.get("ports-ready")))
                : PortsReady.ALREADY;
        PmGraph graph;
        long parsed;
        try {
            GraphConfig config = GraphParser.parse(Files.readString(configFile));
            parsed = System.nanoTime();
            graph = PmGraph.build(config, new ElementRegistry(elementsDir), new RuntimeContext(ifname -> {
                ports.await();
                return PacketSocket.open(ifname);
            }));
        } catch (ConfigException e) { // also ports that never came: the device's initialize says so
            System.err.println("PM " + name + ": configuration rejected:\n" + e.getMessage());
            System.exit(EXIT_BAD_CONFIG);
            return;
        }
        long built = System.nanoTime();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            graph.stop();
                            writeStats(statsFile, name, "stopped", graph);
                            stopped.countDown();
                        },
                        "pm-shutdown"));
        Path control = options.containsKey("control") ? Path.of(options.get("control")) : null;
        boolean controlOnRequest = Boolean.parseBoolean(options.getOrDefault("control-on-request", "false"));
        if (control != null && !controlOnRequest) {
            openControl(control, graph);
            control = null;
        }
        graph.start();
        System.err.println(
                "PM " + name + RUNNING + graph.elements().keySet() + " (" + steps(began, parsed, built) + ")");
        if (!controlOnRequest) {
            host = null; // a pooled PM opened its control channel at once: nothing more to read
        } else if (host == null) {
            host = new HostPipe();
        }
        long nextStats = System.nanoTime();
        while (stopped.getCount() > 0) {
            if (System.nanoTime() - nextStats >= 0) {
                writeStats(statsFile, name, "running", graph);
                nextStats = System.nanoTime() + STATS_PERIOD_NANOS;
            }
            int millis = (int) Math.max(1, (nextStats - System.nanoTime()) / 1_000_000);
            if (host == null) {
                Thread.sleep(millis);
                continue;
            }
            boolean asked =
                    host.next(millis).filter(HostPipe.OPEN_CONTROL::equals).isPresent();
            if (control != null && (asked || host.ended())) {
                openControl(control, graph); // asked, or the module host is gone: a later one will ask by socket
                control = null;
            }
        }
    }

    private static final long STATS_PERIOD_NANOS = 1_000_000_000L;

    /**
     * The start-up steps' wall times, from the options (a warm slot: its assignment) to running: the module host logs
     * this with the PM's CPU time once it is up (basesys.LinuxNetnsBaseSystem), so a slow start says where it waited.
     */
    static String steps(long began, long parsed, long built) {
        return "parse " + (parsed - began) / 1_000_000 + " ms, graph and sockets " + (built - parsed) / 1_000_000
                + " ms, start " + (System.nanoTime() - built) / 1_000_000 + " ms";
    }

    /** What the line saying the PM runs has after its name (then its elements and its start-up steps). */
    public static final String RUNNING = " running: ";

    /**
     * Listens on the control socket. Bound under a temporary name and renamed into place, so that a module host that
     * waits for the socket's file finds it listening.
     */
    private static void openControl(Path socket, PmGraph graph) throws IOException {
        Path binding = socket.resolveSibling(socket.getFileName() + ".new");
        PmControlServer.start(binding, graph);
        Files.move(binding, socket, StandardCopyOption.REPLACE_EXISTING);
    }

    static Map<String, String> parseOptions(String[] args) {
        return options(args);
    }

    static void writeStats(Path file, String name, String state, PmGraph graph) {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("name", name);
        stats.put("pid", ProcessHandle.current().pid());
        stats.put("state", state);
        stats.put("updated_ms", System.currentTimeMillis());
        stats.putAll(graph.stats());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, StatsJson.write(stats));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            System.err.println("PM " + name + ": cannot write " + file + ": " + e.getMessage());
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            System.err.println(
                    "usage: PmMain --name N --config FILE --stats FILE [--elements DIR] [--control SOCKET [--control-on-request true]]"
                            + " [--ports-ready FILE]; --"
                            + name + " is missing");
            System.exit(EXIT_BAD_CONFIG);
        }
        return value;
    }
}
