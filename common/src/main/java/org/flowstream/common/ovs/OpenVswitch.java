package org.flowstream.common.ovs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private Open vSwitch: its own ovsdb-server and ovs-vswitchd, in a run directory of its own, with
 * userspace ({@code datapath_type=netdev}) bridges, so it needs no kernel module and can run beside other
 * instances on the same machine. Used by tests, benchmarks and {@code flowstream up}.
 *
 * <p>Two instances of the userspace datapath cannot share a network namespace (each creates a tap device
 * named {@code ovs-netdev} and one per bridge). {@link Options#privateNetns} therefore runs ovs-vswitchd in a
 * network namespace of its own; the OpenFlow controller then reaches the bridges over unix sockets (which
 * live in the file system, not in a namespace): either the bridge's management socket
 * {@link #mgmtSocket(String)} (the controller connects out to it) or a {@code unix:} controller target (the
 * controller listens). Without a private namespace, TCP controller targets work as usual.
 *
 * <p>Every method runs the Open vSwitch tools with {@code OVS_RUNDIR}, {@code OVS_DBDIR} and
 * {@code OVS_LOGDIR} pointing at the run directory. {@link #close()} stops both daemons, removes the
 * namespace and veth devices this instance created, and deletes the run directory if it created it.
 *
 * <pre>{@code
 * try (OpenVswitch ovs = OpenVswitch.start(OpenVswitch.Options.isolated())) {
 *     ovs.addBridge("brx1a2b");
 *     ovs.setController("brx1a2b", "tcp:127.0.0.1:6653");
 *     System.out.println(ovs.dumpFlows("brx1a2b"));
 * }
 * }</pre>
 */
public final class OpenVswitch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpenVswitch.class);
    private static final Path SCHEMA = Path.of("/usr/share/openvswitch/vswitch.ovsschema");
    private static final List<String> SBIN =
            List.of("/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin", "/sbin", "/bin");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    /** How to run the instance. */
    public static final class Options {
        /** Run directory; a fresh temporary directory (deleted on close) when null. */
        public Path runDir;
        /** Run ovs-vswitchd in a network namespace of its own (needed beside other userspace instances). */
        public boolean privateNetns;
        /** Name of that namespace; a random one when null. */
        public String netnsName;

        /** A throw-away instance: temporary run directory and a private network namespace (tests). */
        public static Options isolated() {
            Options options = new Options();
            options.privateNetns = true;
            return options;
        }

        /** An instance in the given run directory, in the machine's network namespace ({@code flowstream up}). */
        public static Options inDirectory(Path runDir) {
            Options options = new Options();
            options.runDir = runDir;
            return options;
        }
    }

    private final Path runDir;
    private final boolean ownsRunDir;
    private final String netns;
    private final List<String> vethsToDelete = new ArrayList<>();
    private boolean closed;

    private OpenVswitch(Path runDir, boolean ownsRunDir, String netns) {
        this.runDir = runDir;
        this.ownsRunDir = ownsRunDir;
        this.netns = netns;
    }

    /** True when ovsdb-server, ovs-vswitchd and the tools are installed. */
    public static boolean isInstalled() {
        return Stream.of("ovsdb-server", "ovs-vswitchd", "ovsdb-tool", "ovs-vsctl", "ovs-ofctl")
                        .allMatch(b -> find(b).isPresent())
                && Files.isRegularFile(SCHEMA);
    }

    /** Why {@link #isInstalled()} is false, for a test's assumption message. */
    public static String whyNotInstalled() {
        List<String> missing = Stream.of("ovsdb-server", "ovs-vswitchd", "ovsdb-tool", "ovs-vsctl", "ovs-ofctl")
                .filter(b -> find(b).isEmpty())
                .toList();
        return missing.isEmpty() && Files.isRegularFile(SCHEMA)
                ? ""
                : "Open vSwitch is not installed (missing: %s%s); install openvswitch-switch"
                        .formatted(String.join(", ", missing), Files.isRegularFile(SCHEMA) ? "" : " " + SCHEMA);
    }

    /** A throw-away instance in a temporary directory and a private network namespace. */
    public static OpenVswitch start() {
        return start(Options.isolated());
    }

    /** Starts ovsdb-server and ovs-vswitchd; on failure nothing is left running. */
    public static OpenVswitch start(Options options) {
        if (!isInstalled()) {
            throw new IllegalStateException(whyNotInstalled());
        }
        try {
            boolean owns = options.runDir == null;
            Path dir = owns ? Files.createTempDirectory(Path.of("/tmp"), "ovs.") : options.runDir.toAbsolutePath();
            Files.createDirectories(dir);
            String ns = options.privateNetns
                    ? Optional.ofNullable(options.netnsName).orElse(randomName("ovsns"))
                    : null;
            OpenVswitch ovs = new OpenVswitch(dir, owns, ns);
            try {
                ovs.startDaemons();
            } catch (RuntimeException e) {
                ovs.close();
                throw e;
            }
            return ovs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Open vSwitch run directory: " + e.getMessage(), e);
        }
    }

    /**
     * The instance an earlier process started in {@code runDir} (flowstream up), in the machine's network
     * namespace: nothing is started, and the run directory is never deleted.
     */
    public static OpenVswitch attach(Path runDir) {
        return new OpenVswitch(runDir.toAbsolutePath(), false, null);
    }

    private void startDaemons() {
        if (netns != null) {
            run(List.of("ip", "netns", "add", netns));
            run(List.of("ip", "netns", "exec", netns, "ip", "link", "set", "lo", "up"));
        }
        Path db = runDir.resolve("conf.db");
        if (!Files.exists(db)) {
            run(List.of(bin("ovsdb-tool"), "create", db.toString(), SCHEMA.toString()));
        }
        startDatabase();
        vsctl("--no-wait", "init");
        startVswitchd();
    }

    private void startDatabase() {
        run(List.of(
                bin("ovsdb-server"),
                "--remote=punix:" + dbSocket(),
                "--pidfile",
                "--detach",
                "--log-file",
                runDir.resolve("conf.db").toString()));
    }

    private void startVswitchd() {
        List<String> command = new ArrayList<>();
        if (netns != null) {
            command.addAll(List.of("ip", "netns", "exec", netns));
        }
        command.addAll(List.of(bin("ovs-vswitchd"), "unix:" + dbSocket(), "--pidfile", "--detach", "--log-file"));
        run(command);
    }

    // ---- where things are ----

    public Path runDir() {
        return runDir;
    }

    /** The network namespace ovs-vswitchd runs in, or empty when it runs in the machine's. */
    public Optional<String> netns() {
        return Optional.ofNullable(netns);
    }

    public Path dbSocket() {
        return runDir.resolve("db.sock");
    }

    /** The bridge's management socket: a passive OpenFlow endpoint a controller can connect to. */
    public Path mgmtSocket(String bridge) {
        return runDir.resolve(bridge + ".mgmt");
    }

    /** The environment the Open vSwitch tools need to find this instance. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OVS_RUNDIR", runDir.toString());
        env.put("OVS_DBDIR", runDir.toString());
        env.put("OVS_LOGDIR", runDir.toString());
        return env;
    }

    // ---- bridges and ports ----

    /**
     * Creates a userspace bridge with {@code fail_mode=secure} (no NORMAL flow: the table holds only what a
     * controller installs) and in-band control off. Bridge names become tap devices: at most 15 characters.
     */
    public void addBridge(String bridge) {
        checkInterfaceName(bridge);
        vsctl(
                "--may-exist",
                "add-br",
                bridge,
                "--",
                "set",
                "bridge",
                bridge,
                "datapath_type=netdev",
                "fail_mode=secure",
                "other-config:disable-in-band=true");
    }

    public void deleteBridge(String bridge) {
        vsctl("--if-exists", "del-br", bridge);
    }

    /** The OpenFlow versions the bridge speaks, e.g. "OpenFlow10", "OpenFlow13". */
    public void setProtocols(String bridge, String... protocols) {
        vsctl("set", "bridge", bridge, "protocols=" + String.join(",", protocols));
    }

    /**
     * Controller targets such as "tcp:127.0.0.1:6653" or "unix:PATH" (Open vSwitch only accepts unix sockets
     * inside its run directory, see {@link #runDir()}); none removes them. Connections are out-of-band and
     * the reconnect backoff is capped at 1 s, so a restarted controller is found again quickly.
     */
    public void setController(String bridge, String... targets) {
        if (targets.length == 0) {
            vsctl("del-controller", bridge);
            return;
        }
        List<String> args = new ArrayList<>(List.of("set-controller", bridge));
        args.addAll(Arrays.asList(targets));
        vsctl(args.toArray(String[]::new));
        for (String uuid :
                vsctl("--bare", "--columns=_uuid", "find", "controller").split("\\s+")) {
            if (!uuid.isBlank()) {
                vsctl("set", "controller", uuid, "connection-mode=out-of-band", "max_backoff=1000");
            }
        }
    }

    /** Adds an existing network device as a port, asking for the given OpenFlow port number (0: any). */
    public void addPort(String bridge, String port, int ofport) {
        List<String> args = new ArrayList<>(List.of("--may-exist", "add-port", bridge, port));
        if (ofport > 0) {
            args.addAll(List.of("--", "set", "interface", port, "ofport_request=" + ofport));
        }
        vsctl(args.toArray(String[]::new));
    }

    /**
     * Adds an internal port: a network device of the switch itself (in the switch's namespace), e.g. for a
     * local address on the bridge. With the userspace datapath it is a tap device; at most 15 characters.
     */
    public void addInternalPort(String bridge, String port, int ofport) {
        checkInterfaceName(port);
        List<String> args = new ArrayList<>(
                List.of("--may-exist", "add-port", bridge, port, "--", "set", "interface", port, "type=internal"));
        if (ofport > 0) {
            args.add("ofport_request=" + ofport);
        }
        vsctl(args.toArray(String[]::new));
    }

    public void deletePort(String bridge, String port) {
        vsctl("--if-exists", "del-port", bridge, port);
    }

    /** The OpenFlow port number Open vSwitch gave the interface. */
    public int ofport(String port) {
        return Integer.parseInt(vsctl("get", "interface", port, "ofport").trim());
    }

    /**
     * Creates a veth pair, adds {@code port} to the bridge (moved into the switch's namespace when it has one)
     * and moves {@code peer} into {@code peerNetns} (left in the machine's namespace when null); both ends are
     * brought up. The pair is deleted on {@link #close()}. Names are at most 15 characters.
     */
    public void addVethPort(String bridge, String port, int ofport, String peer, String peerNetns) {
        checkInterfaceName(port);
        checkInterfaceName(peer);
        // The peer is created directly in its namespace, so it may have a name the machine already uses (eth0).
        List<String> add = new ArrayList<>(List.of("ip", "link", "add", port, "type", "veth", "peer", "name", peer));
        if (peerNetns != null) {
            add.addAll(List.of("netns", peerNetns));
        }
        run(add);
        vethsToDelete.add(port);
        run(inNetns(peerNetns, "ip", "link", "set", peer, "up"));
        if (netns != null) {
            run(List.of("ip", "link", "set", port, "netns", netns));
        }
        run(inNetns(netns, "ip", "link", "set", port, "up"));
        // Offloads would hand the userspace datapath packets with bad checksums; a real NIC would not.
        run(inNetns(netns, "ethtool", "-K", port, "tx", "off"), true);
        run(inNetns(peerNetns, "ethtool", "-K", peer, "tx", "off"), true);
        addPort(bridge, port, ofport);
    }

    // ---- the tools ----

    /** ovs-vsctl against this instance's database; returns its standard output. */
    public String vsctl(String... args) {
        List<String> command = new ArrayList<>(List.of(bin("ovs-vsctl"), "--timeout=30", "--db=unix:" + dbSocket()));
        command.addAll(Arrays.asList(args));
        return run(command);
    }

    /** ovs-ofctl with this instance's environment, e.g. {@code ofctl("-O", "OpenFlow13", "dump-flows", "br0")}. */
    public String ofctl(String... args) {
        List<String> command = new ArrayList<>(List.of(bin("ovs-ofctl")));
        command.addAll(Arrays.asList(args));
        return run(command);
    }

    /** ovs-appctl to ovs-vswitchd, e.g. {@code appctl("revalidator/wait")}. */
    public String appctl(String... args) {
        List<String> command = new ArrayList<>(
                List.of(bin("ovs-appctl"), "-t", vswitchdControlSocket().toString()));
        command.addAll(Arrays.asList(args));
        return run(command);
    }

    /** The flow table as ovs-ofctl shows it, without statistics that change by themselves. */
    public String dumpFlows(String bridge, String... options) {
        List<String> args = new ArrayList<>(List.of("--no-stats"));
        args.addAll(Arrays.asList(options));
        args.addAll(List.of("dump-flows", bridge));
        return ofctl(args.toArray(String[]::new));
    }

    // ---- the daemons ----

    /** Stops ovs-vswitchd (the switch loses its flows, as a crash would) and starts it again. */
    public void restartVswitchd() {
        stopDaemon("ovs-vswitchd");
        startVswitchd();
    }

    /**
     * Starts ovsdb-server again on its database file after it died: the bridges and ports the file holds are
     * served again, and a running ovs-vswitchd, which kept forwarding meanwhile, reconnects to it by itself.
     */
    public void restartDatabase() {
        stopDaemon("ovsdb-server");
        startDatabase();
    }

    /** Whether ovs-vswitchd is running. */
    public boolean vswitchdRunning() {
        return pid("ovs-vswitchd")
                .flatMap(ProcessHandle::of)
                .map(ProcessHandle::isAlive)
                .orElse(false);
    }

    private Path vswitchdControlSocket() {
        long pid = pid("ovs-vswitchd").orElseThrow(() -> new IllegalStateException("ovs-vswitchd is not running"));
        return runDir.resolve("ovs-vswitchd." + pid + ".ctl");
    }

    private Optional<Long> pid(String daemon) {
        Path file = runDir.resolve(daemon + ".pid");
        try {
            return Files.exists(file)
                    ? Optional.of(Long.parseLong(Files.readString(file).trim()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void stopDaemon(String daemon) {
        pid(daemon).flatMap(ProcessHandle::of).ifPresent(process -> {
            process.destroy();
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        });
        try {
            Files.deleteIfExists(runDir.resolve(daemon + ".pid"));
        } catch (IOException e) {
            LOG.debug("cannot delete the pid file of {}", daemon, e);
        }
    }

    /** Stops both daemons and removes what this instance created. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopDaemon("ovs-vswitchd");
        stopDaemon("ovsdb-server");
        for (String veth : vethsToDelete) {
            run(inNetns(netns, "ip", "link", "del", veth), true);
        }
        if (netns != null) {
            run(List.of("ip", "netns", "del", netns), true);
        }
        if (ownsRunDir) {
            try {
                org.flowstream.common.io.FileTrees.delete(runDir);
            } catch (IOException e) {
                LOG.warn("cannot delete {}", runDir, e);
            }
        }
    }

    // ---- helpers ----

    /** A name with a random suffix, short enough for a network device ({@code prefix} at most 7 characters). */
    public static String randomName(String prefix) {
        String suffix = Long.toHexString(
                java.util.concurrent.ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        return prefix + suffix.substring(0, Math.min(8, 15 - prefix.length()));
    }

    private static void checkInterfaceName(String name) {
        if (name.isEmpty() || name.length() > 15 || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException(
                    "'%s' cannot name a network device: use 1 to 15 letters, digits, '_', '.' or '-'".formatted(name));
        }
    }

    private static List<String> inNetns(String ns, String... command) {
        List<String> full = new ArrayList<>();
        if (ns != null) {
            full.addAll(List.of("ip", "netns", "exec", ns));
        }
        full.addAll(Arrays.asList(command));
        return full;
    }

    private static Optional<Path> find(String binary) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(Arrays.asList(path.split(":")));
        }
        dirs.addAll(SBIN);
        return dirs.stream()
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, binary))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static String bin(String binary) {
        return find(binary)
                .map(Path::toString)
                .orElseThrow(() -> new IllegalStateException(binary + " is not installed"));
    }

    private String run(List<String> command) {
        return run(command, false);
    }

    /** Runs a tool with this instance's environment; a failure is an exception carrying the tool's output. */
    private String run(List<String> command, boolean ignoreFailure) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            if (ignoreFailure) {
                return "";
            }
            throw new IllegalStateException("cannot run %s: %s".formatted(command.get(0), e.getMessage()), e);
        }
        try {
            // Read both streams on their own threads: a tool writing a lot to one must not block on the other.
            StreamReader out = new StreamReader(process.getInputStream());
            StreamReader err = new StreamReader(process.getErrorStream());
            out.start();
            err.start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("%s did not finish within %ds"
                        .formatted(String.join(" ", command), COMMAND_TIMEOUT.toSeconds()));
            }
            out.join();
            err.join();
            if (process.exitValue() != 0 && !ignoreFailure) {
                throw new IllegalStateException("%s failed (exit %d): %s"
                        .formatted(String.join(" ", command), process.exitValue(), (err.text + out.text).trim()));
            }
            return out.text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    private static final class StreamReader extends Thread {
        private final InputStream in;
        private volatile String text = "";

        StreamReader(InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            try (in) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                text = "";
            }
        }
    }
}
