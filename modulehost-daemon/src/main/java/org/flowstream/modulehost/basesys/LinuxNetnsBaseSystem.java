package org.flowstream.modulehost.basesys;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.flowstream.common.io.OwnerOnly;
import org.flowstream.common.io.PropertiesFiles;
import org.flowstream.modulehost.net.OvsBridge;
import org.flowstream.modulehost.net.PmNetwork;
import org.flowstream.modulehost.net.PmPort;
import org.flowstream.modulehost.ownership.NetworkClaims;
import org.flowstream.modulehost.pm.Isolation;
import org.flowstream.modulehost.pm.PmHandle;
import org.flowstream.modulehost.pm.PmLimits;
import org.flowstream.modulehost.pm.PmManager;
import org.flowstream.modulehost.pm.PmSpec;
import org.flowstream.modulehost.pm.PmWork;
import org.flowstream.modulehost.pool.SlotLauncher;
import org.flowstream.modulehost.pool.WarmPool;
import org.flowstream.modulehost.pool.WarmSlot;
import org.flowstream.modulehost.runtime.PmMain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code linux.netns}: a PM is a JVM running {@link PmMain}, in a network namespace of its own whose veth ports
 * join the platform switch, inside the OS limits {@link Isolation} provides (cgroups where available). The PM's
 * files live in its directory: {@code config.click} (the graph), {@code stats.json} (its counters),
 * {@code ports.ready} (created once its ports exist),
 * {@code pm.log} (what it printed), {@code control.sock} (its control channel).
 */
public final class LinuxNetnsBaseSystem implements BaseSystem {

    public static final String NAME = "linux.netns";
    private static final Logger LOG = LoggerFactory.getLogger(LinuxNetnsBaseSystem.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The PM's control channel, in its directory (org.flowstream.modulehost.control). */
    public static final String CONTROL_SOCKET = "control.sock";

    private final OvsBridge switchPorts;
    private final NetworkClaims claims;
    private final Isolation isolation;
    private final PmJvm jvm;
    private final Path deployedElements;
    private final WarmPool pool;

    /** Without a warm pool. */
    public LinuxNetnsBaseSystem(NetworkClaims claims, Isolation isolation, PmJvm jvm, Path deployedElements) {
        this(
                claims,
                isolation,
                jvm,
                deployedElements,
                deployedElements.resolveSibling("pool"),
                List.of(),
                0,
                1,
                new PmWork());
    }

    /**
     * @param claims       where each PM's network is recorded as this module host's, on the switch its ports join
     * @param poolDir      where the warm pool's slots keep their records
     * @param poolMemoryMb the memory sizes the warm pool keeps slots of
     * @param poolSlots    idle slots per size while PMs start {@code pooled}; 0: no pool
     * @param poolPorts    ports each slot makes ahead; a PM with more starts without a slot
     * @param work         the host's create and delete calls (PmManager's): the pool refills in the quiet after them
     */
    public LinuxNetnsBaseSystem(
            NetworkClaims claims,
            Isolation isolation,
            PmJvm jvm,
            Path deployedElements,
            Path poolDir,
            List<Integer> poolMemoryMb,
            int poolSlots,
            int poolPorts,
            PmWork work) {
        this.claims = claims;
        this.switchPorts = claims.switchPorts();
        this.isolation = isolation;
        this.jvm = jvm;
        this.deployedElements = deployedElements;
        this.pool = new WarmPool(
                new Slots(),
                poolDir,
                poolMemoryMb,
                poolSlots,
                poolPorts,
                () -> !jvm.aotCache().state().equals("building"),
                work);
    }

    /** The pre-started PM runtimes this base system configures in {@code pooled} mode. */
    public WarmPool pool() {
        return pool;
    }

    @Override
    public String newId(PmSpec spec) {
        return (jvm.pooled() ? pool.take(spec.memoryMb(), spec.ports()) : java.util.Optional.<WarmSlot>empty())
                .map(WarmSlot::id)
                .orElseGet(PmManager::newId);
    }

    @Override
    public void abandon(String id) {
        pool.giveBack(id);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "each PM is a JVM process running the Flowstream element runtime in its own Linux network namespace, with veth "
                + "ports on the platform switch; limits: " + isolation.describe();
    }

    /**
     * Starts a PM: its namespace, its cgroups, its JVM and its ports. In fast mode the JVM starts as soon as the
     * namespace and limits exist and boots while the ports are made (JVM start-up and port creation each took
     * about half of a PM's start), reading its graph meanwhile; the file {@code ports.ready} tells it the ports are
     * there ({@code runtime.PortsReady}). In cold mode (the baseline) the ports come first, as before.
     */
    @Override
    public PmHandle start(PmSpec spec, String id, Path pmDir) throws Exception {
        java.util.Optional<WarmSlot> slot = pool.claim(id);
        if (slot.isPresent()) {
            return startFromSlot(spec, slot.get(), pmDir);
        }
        OwnerOnly.createDirectories(pmDir);
        Path configFile = pmDir.resolve("config.click");
        Path statsFile = pmDir.resolve("stats.json");
        Path logFile = pmDir.resolve("pm.log");
        Path portsReady = pmDir.resolve("ports.ready");
        Files.writeString(configFile, spec.config());
        Files.deleteIfExists(statsFile);
        Files.deleteIfExists(portsReady);
        createLog(logFile);
        Path record = pmDir.resolve("instance.properties");
        writeRecord(record, id, spec, -1, List.of());
        boolean overlap = jvm.launchBeforePorts();
        long started = System.nanoTime();
        claim(id, spec.ports());
        PmNetwork network;
        try {
            network = overlap
                    ? PmNetwork.createNamespace(id, switchPorts)
                    : PmNetwork.create(id, spec.ports(), switchPorts);
        } catch (RuntimeException e) {
            claims.releaseIfGone(id); // create removed what it made; a part it could not remove keeps the claim
            throw e;
        }
        long networkDone = System.nanoTime();
        PmLimits limits = null;
        Process process = null;
        try {
            limits = isolation.create("pm-" + id, spec.memoryMb(), spec.cpuPercent(), jvm.capCpuOnceUp());
            List<String> arguments = pmMainArguments(spec, pmDir, overlap);
            List<String> command = limits.wrap(network.namespace().command(jvm.command(spec.memoryMb(), arguments)));
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            long launched = System.nanoTime();
            if (overlap) {
                // Recorded before the ports exist: a daemon that dies now leaves a PM the next one cleans up.
                writeRecord(record, id, spec, process.pid(), List.of());
                network.addPorts(spec.ports());
                Files.createFile(portsReady);
            }
            writeRecord(
                    record,
                    id,
                    spec,
                    process.pid(),
                    network.ports().stream().map(PmPort::mac).toList());
            LOG.info(
                    "PM {} launched: pid {}, {}, ports {} ({} ms, {} start-up: network {} ms, limits and launch {} ms, ports {} ms)",
                    spec.name(),
                    process.pid(),
                    network.namespace(),
                    network.ports(),
                    (System.nanoTime() - started) / 1_000_000,
                    jvm.mode().wireName(),
                    (networkDone - started) / 1_000_000,
                    (launched - networkDone) / 1_000_000,
                    overlap ? (System.nanoTime() - launched) / 1_000_000 : 0);
            return handleOf(id, process, network, limits, pmDir);
        } catch (Exception | Error e) {
            undoLaunch(id, process, limits, network);
            throw e;
        }
    }

    /** The handle of a PM whose runtime this daemon started (its child: its exit code is known). */
    private PmHandle handleOf(String id, Process process, PmNetwork network, PmLimits limits, Path pmDir) {
        return new NetnsPm(
                process.toHandle(),
                process.onExit().thenApply(Process::exitValue),
                process.getOutputStream(),
                network,
                () -> removeNetwork(id, network),
                limits,
                pmDir.resolve("stats.json"),
                pmDir.resolve("pm.log"));
    }

    /** Removes what a start that failed made: its process, cgroup, network and claim (null: not made yet). */
    private void undoLaunch(String id, Process process, PmLimits limits, PmNetwork network) {
        if (process != null) {
            process.destroyForcibly();
            process.onExit().join();
        }
        if (limits != null) {
            limits.delete();
        }
        removeNetwork(id, network);
    }

    /** Removes a PM's (or slot's) network, then its claim: at once when the removal showed it all gone, else after a look. */
    private void removeNetwork(String id, PmNetwork network) {
        claims.release(id, network.delete());
    }

    /** What PmMain is told about its PM: name, files, control channel, and whether to wait for its ports. */
    private List<String> pmMainArguments(PmSpec spec, Path pmDir, boolean portsAfterLaunch) {
        List<String> arguments = new java.util.ArrayList<>(List.of(
                "--name",
                spec.name(),
                "--config",
                pmDir.resolve("config.click").toString(),
                "--stats",
                pmDir.resolve("stats.json").toString(),
                "--elements",
                deployedElements.toString(),
                "--control",
                pmDir.resolve(CONTROL_SOCKET).toString()));
        if (portsAfterLaunch) {
            arguments.addAll(
                    List.of("--ports-ready", pmDir.resolve("ports.ready").toString()));
        }
        if (jvm.controlOnRequest()) {
            arguments.addAll(List.of("--control-on-request", "true"));
        }
        return arguments;
    }

    /**
     * Makes a warm slot the PM: its namespace, its ports and its cgroup (with the PM's memory limit) exist and its JVM
     * runs, so what is left is to tell it its PM. The PM uses the slot's first ports; the others stay unused until it is
     * deleted. The PM's record names the slot, whose command line the runtime keeps (adoption matches it), and all the
     * slot's ports (clean-up removes them all).
     */
    private PmHandle startFromSlot(PmSpec spec, WarmSlot slot, Path pmDir) throws Exception {
        String id = slot.id();
        long started = System.nanoTime();
        Process process = slot.process();
        PmNetwork network = slot.network();
        int madeAhead = network.ports().size();
        PmLimits limits = isolation.existing("pm-" + id, spec.memoryMb(), spec.cpuPercent());
        try {
            OwnerOnly.createDirectories(pmDir);
            Path statsFile = pmDir.resolve("stats.json");
            Path logFile = pmDir.resolve("pm.log");
            Files.writeString(pmDir.resolve("config.click"), spec.config());
            Files.deleteIfExists(statsFile);
            Files.deleteIfExists(pmDir.resolve("ports.ready"));
            network.setAside(spec.ports());
            writeRecord(
                    pmDir.resolve("instance.properties"),
                    id,
                    spec,
                    madeAhead,
                    process.pid(),
                    network.ports().stream().map(PmPort::mac).toList(),
                    slot.dir());
            // The runtime keeps writing to its log file wherever it is moved (same file system, same open file).
            Files.move(slot.logFile(), logFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            PmManager.deleteTree(slot.dir()); // its record: from now on the PM's record says what to clean up
            limits.background(false);
            slot.assign(pmMainArguments(spec, pmDir, false));
            LOG.info(
                    "PM {} launched from warm slot: pid {}, {}, ports {} ({} ms)",
                    spec.name(),
                    process.pid(),
                    network.namespace(),
                    network.ports(),
                    (System.nanoTime() - started) / 1_000_000);
            return handleOf(id, process, network, limits, pmDir);
        } catch (Exception | Error e) {
            undoLaunch(id, process, limits, network);
            PmManager.deleteTree(slot.dir());
            throw e;
        }
    }

    /** How the warm pool's slots are made and removed: the first half of a PM's start, without a PM yet. */
    private final class Slots implements SlotLauncher {

        @Override
        public WarmSlot launch(String id, int memoryMb, int ports, Path dir) throws Exception {
            OwnerOnly.createDirectories(dir.getParent()); // the pool's directory: slots' records, logs and markers
            OwnerOnly.createDirectories(dir);
            createLog(dir.resolve("pm.log"));
            writeSlotRecord(dir, id, memoryMb, ports, -1);
            claim(id, ports);
            PmNetwork network;
            try {
                network = PmNetwork.create(id, ports, switchPorts);
            } catch (RuntimeException e) {
                claims.releaseIfGone(id);
                PmManager.deleteTree(dir);
                throw e;
            }
            PmLimits limits = null;
            Process process = null;
            try {
                // The CPU quota waits for the PM (start-up is CPU-bound); the weight keeps waiting slots out of the
                // way.
                limits = isolation.create("pm-" + id, memoryMb, 100, true);
                limits.background(true);
                List<String> command = limits.wrap(
                        network.namespace().command(jvm.command(memoryMb, List.of("--slot", dir.toString()))));
                process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(
                                dir.resolve("pm.log").toFile()))
                        .start();
                writeSlotRecord(dir, id, memoryMb, ports, process.pid());
                return new WarmSlot(id, memoryMb, dir, network, limits, process);
            } catch (Exception | Error e) {
                undoLaunch(id, process, limits, network);
                PmManager.deleteTree(dir);
                throw e;
            }
        }

        @Override
        public void destroy(WarmSlot slot) {
            Process process = slot.process();
            if (process.isAlive()) {
                process.destroy();
                if (!process.onExit()
                        .completeOnTimeout(process, 5, TimeUnit.SECONDS)
                        .join()
                        .isAlive()) {
                    // ended on SIGTERM
                } else {
                    process.destroyForcibly();
                    process.onExit()
                            .completeOnTimeout(process, 10, TimeUnit.SECONDS)
                            .join();
                }
            }
            removeNetwork(slot.id(), slot.network());
            slot.limits().delete();
            PmManager.deleteTree(slot.dir());
        }

        @Override
        public void cleanUpLeftover(Path dir) {
            java.util.Properties p;
            try {
                p = PropertiesFiles.read(dir.resolve(WarmSlot.RECORD)).orElse(null);
            } catch (IOException e) {
                LOG.warn("cannot read the record of warm slot {}: {}", dir, e.getMessage());
                return;
            }
            if (p == null || !p.getProperty("id", "").matches("[0-9a-f]{6}")) {
                return;
            }
            String id = p.getProperty("id");
            long pid = Long.parseLong(p.getProperty("pid", "-1"));
            ProcessHandle.of(pid).filter(h -> PmRuntimes.runsSlot(h.pid(), dir)).ifPresent(h -> {
                h.destroyForcibly();
                h.onExit().join();
            });
            PmNetwork.deleteLeftover(id, Integer.parseInt(p.getProperty("ports", "0")), switchPorts);
            claims.releaseIfGone(id);
            isolation.deleteLeftover("pm-" + id);
            LOG.info("cleaned up warm slot {} left behind by a previous run", id);
        }
    }

    /** A runtime's log, mode 0600 (its output is appended to it; the mode of a file made by the redirect is umask's). */
    private static void createLog(Path logFile) throws IOException {
        if (!Files.exists(logFile)) {
            OwnerOnly.createFile(logFile);
        }
    }

    /** The record of a warm slot: what the next daemon needs to clean up after it if this one dies. */
    private static void writeSlotRecord(Path dir, String id, int memoryMb, int ports, long pid) throws IOException {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("id", id);
        p.setProperty("memory_mb", Integer.toString(memoryMb));
        p.setProperty("ports", Integer.toString(ports));
        p.setProperty("pid", Long.toString(pid));
        PropertiesFiles.write(dir.resolve(WarmSlot.RECORD), p, "warm PM runtime (linux.netns)");
    }

    /** Records PM {@code id}'s network as this module host's before any of it exists (ownership package). */
    private void claim(String id, int ports) {
        List<String> interfaces = new java.util.ArrayList<>();
        for (int i = 0; i < ports; i++) {
            interfaces.add(PmNetwork.outerName(id, i));
        }
        claims.claim(id, PmNetwork.namespaceName(id), interfaces);
    }

    /**
     * What a later daemon needs, if this one dies first, to take the PM over ({@link #adopt}) or to clean up after
     * it ({@link #cleanUpLeftover}). Written to a temporary file and moved into place, so it is never half there.
     */
    private static void writeRecord(Path file, String id, PmSpec spec, long pid, List<String> macs) throws IOException {
        writeRecord(file, id, spec, spec.ports(), pid, macs, null);
    }

    /**
     * @param ports   the ports of its network: the PM's and (from a warm slot) the unused ones made ahead
     * @param slotDir the warm slot the PM's runtime was started as (its command line names it), or null
     */
    private static void writeRecord(
            Path file, String id, PmSpec spec, int ports, long pid, List<String> macs, Path slotDir)
            throws IOException {
        java.util.Properties p = new java.util.Properties();
        if (slotDir != null) {
            p.setProperty("slot", slotDir.toString());
        }
        p.setProperty("id", id);
        p.setProperty("ports", Integer.toString(ports));
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("name", spec.name());
        p.setProperty("memory_mb", Integer.toString(spec.memoryMb()));
        p.setProperty("cpu_percent", Integer.toString(spec.cpuPercent()));
        p.setProperty("macs", String.join(",", macs));
        PropertiesFiles.write(file, p, "PM instance (linux.netns)");
    }

    private static java.util.Optional<java.util.Properties> readRecord(Path pmDir) {
        Path file = pmDir.resolve("instance.properties");
        try {
            return PropertiesFiles.read(file)
                    .filter(p -> p.getProperty("id", "").matches("[0-9a-f]{6}"));
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", file, e.getMessage());
            return java.util.Optional.empty();
        }
    }

    @Override
    public java.util.Optional<Survivor> adopt(Path pmDir) {
        java.util.Properties p = readRecord(pmDir).orElse(null);
        if (p == null || p.getProperty("name") == null) {
            return java.util.Optional.empty(); // no record, or one from a version that did not keep enough to adopt
        }
        if (!Files.exists(pmDir.resolve("stats.json"))) {
            // It never came up (the daemon died while it started, perhaps before all its ports existed): nobody was
            // told it runs, so it is cleaned up, not adopted.
            return java.util.Optional.empty();
        }
        long pid = Long.parseLong(p.getProperty("pid", "-1"));
        ProcessHandle process = ProcessHandle.of(pid)
                .filter(h -> h.isAlive() && runsPmFor(h.pid(), pmDir, p))
                .orElse(null);
        if (process == null) {
            return java.util.Optional.empty();
        }
        String id = p.getProperty("id");
        int memoryMb = Integer.parseInt(p.getProperty("memory_mb"));
        int cpuPercent = Integer.parseInt(p.getProperty("cpu_percent"));
        List<String> macs = p.getProperty("macs", "").isEmpty()
                ? List.of()
                : List.of(p.getProperty("macs").split(","));
        try {
            PmSpec spec = new PmSpec(
                    p.getProperty("name"),
                    Files.readString(pmDir.resolve("config.click")),
                    macs.size(),
                    memoryMb,
                    cpuPercent,
                    NAME);
            int portCount = Math.max(macs.size(), Integer.parseInt(p.getProperty("ports", "0")));
            PmNetwork network = PmNetwork.existing(id, macs, portCount, switchPorts);
            if (!claims.isClaimed(id)) { // started by a version that kept no claims
                claim(id, portCount);
            }
            // Not this daemon's child: its exit code cannot be known, only that it ended.
            CompletableFuture<Integer> exit = process.onExit().thenApply(h -> NetnsPm.EXIT_CODE_UNKNOWN);
            // Its standard input was the previous daemon's: it ended, so the PM opened its control channel then.
            NetnsPm handle = new NetnsPm(
                    process,
                    exit,
                    null,
                    network,
                    () -> removeNetwork(id, network),
                    isolation.existing("pm-" + id, memoryMb, cpuPercent),
                    pmDir.resolve("stats.json"),
                    pmDir.resolve("pm.log"));
            LOG.info(
                    "PM {} adopted from a previous run: pid {}, {}, ports {}",
                    spec.name(),
                    pid,
                    network.namespace(),
                    network.ports());
            return java.util.Optional.of(new Survivor(spec, id, handle));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot adopt the PM in {} ({}); it is cleaned up instead", pmDir, e.getMessage());
            return java.util.Optional.empty();
        }
    }

    @Override
    public void cleanUpLeftover(Path pmDir) {
        java.util.Properties p = readRecord(pmDir).orElse(null);
        if (p == null) {
            return;
        }
        String id = p.getProperty("id");
        long pid = Long.parseLong(p.getProperty("pid", "-1"));
        // Only a PM runtime started for this very directory: a recycled pid belongs to someone else.
        ProcessHandle.of(pid).filter(h -> runsPmFor(h.pid(), pmDir, p)).ifPresent(h -> {
            h.destroyForcibly();
            h.onExit().join();
        });
        PmNetwork.deleteLeftover(id, Integer.parseInt(p.getProperty("ports", "0")), switchPorts);
        claims.releaseIfGone(id);
        isolation.deleteLeftover("pm-" + id);
        LOG.info("cleaned up PM {} left behind by a previous run ({})", pmDir.getFileName(), id);
    }

    /** Whether a process is the PM runtime of this directory (PmRuntimes: a recycled pid is someone else's). */
    private static boolean runsPmFor(long pid, Path pmDir, java.util.Properties record) {
        String slot = record.getProperty("slot");
        return slot != null
                ? PmRuntimes.runsSlot(pid, Path.of(slot))
                : PmRuntimes.commandLineHas(pid, pmDir.resolve("config.click").toString());
    }

    private static final class NetnsPm implements PmHandle {
        /** What onExit gives for an adopted PM: only a parent learns a process's exit code. */
        static final int EXIT_CODE_UNKNOWN = -1;

        /** How long a PM may take to open its control channel once asked (it loads its classes then). */
        private static final long CONTROL_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(10);

        private final ProcessHandle process;
        /** The PM's standard input (runtime.HostPipe); null for a PM adopted from a previous daemon. */
        private final java.io.OutputStream hostPipe;

        private final PmNetwork network;
        /** Removes the network, then its claim once it is gone (kept for the sweeper when it is not). */
        private final Runnable removeNetwork;

        private final PmLimits limits;
        private final Path statsFile;
        private final Path logFile;
        private final CompletableFuture<Integer> exit;
        /** The runtime's CPU time when this handle was made (launched, or a warm slot assigned); -1: unknown. */
        private final long cpuAtStart;

        private volatile boolean destroyed;

        NetnsPm(
                ProcessHandle process,
                CompletableFuture<Integer> exit,
                java.io.OutputStream hostPipe,
                PmNetwork network,
                Runnable removeNetwork,
                PmLimits limits,
                Path statsFile,
                Path logFile) {
            this.process = process;
            this.hostPipe = hostPipe;
            this.network = network;
            this.removeNetwork = removeNetwork;
            this.limits = limits;
            this.statsFile = statsFile;
            this.logFile = logFile;
            this.exit = exit;
            this.cpuAtStart = ProcStats.cpuNanos(process.pid());
        }

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public String location() {
            return network.namespace().name();
        }

        @Override
        public List<PmPort> ports() {
            return network.ports();
        }

        @Override
        public CompletableFuture<Integer> onExit() {
            return exit;
        }

        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public boolean isReady() {
            return Files.exists(statsFile);
        }

        @Override
        public void ready() throws IOException {
            limits.capCpu(); // start-up ran without the CPU quota (fast mode); from now on it holds
        }

        /**
         * Asks the PM to open its control channel (a line on its standard input; runtime.HostPipe) unless it is open,
         * and waits until its socket is there. The PM binds it under another name and renames it, so a socket that is
         * there listens.
         */
        @Override
        public void openControlChannel() throws IOException {
            Path socket = statsFile.resolveSibling(CONTROL_SOCKET);
            if (Files.exists(socket)) {
                return;
            }
            if (hostPipe != null) {
                synchronized (hostPipe) {
                    hostPipe.write("control\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    hostPipe.flush();
                }
            }
            long deadline = System.nanoTime() + CONTROL_PATIENCE_NANOS;
            while (!Files.exists(socket)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("the PM did not open its control channel (%s)"
                            .formatted(process.isAlive() ? "not within 10 s" : "it is not running"));
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while the PM opened its control channel");
                }
            }
        }

        /**
         * The CPU time the runtime spent since it was launched or assigned (a warm slot's start-up before that is not
         * the PM's), and the steps its own line reports (runtime.PmMain): where a slow start waited.
         */
        @Override
        public String startupDetails() {
            long cpu = ProcStats.cpuNanos(process.pid());
            String steps = "";
            try (var lines = Files.lines(logFile)) {
                steps = lines.filter(l -> l.contains(PmMain.RUNNING) && l.endsWith(")"))
                        .reduce((first, last) -> last)
                        .map(l -> "; the runtime: " + l.substring(l.lastIndexOf('(') + 1, l.length() - 1))
                        .orElse("");
            } catch (IOException | java.io.UncheckedIOException e) {
                // no log: the figures below are enough
            }
            if (cpuAtStart < 0 || cpu < 0) {
                return steps.isEmpty() ? "" : " (" + steps.substring(2) + ")";
            }
            return " (CPU %d ms%s)".formatted((cpu - cpuAtStart) / 1_000_000, steps);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map<String, Object> stats() {
            try {
                return Files.exists(statsFile) ? JSON.readValue(statsFile.toFile(), Map.class) : Map.of();
            } catch (IOException e) {
                return Map.of(); // being replaced right now; the next read sees the new file
            }
        }

        @Override
        public Map<String, Object> usage() {
            Map<String, Object> usage = new LinkedHashMap<>(limits.usage());
            usage.putAll(ProcStats.of(process.pid()));
            return usage;
        }

        @Override
        public Map<String, Object> limits() {
            return limits.describe();
        }

        @Override
        public String failureDetails() {
            String hint = limits.deathHint();
            String tail = "";
            try {
                List<String> lines = Files.exists(logFile) ? Files.readAllLines(logFile) : List.of();
                tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
            } catch (IOException e) {
                tail = "(no log: " + e.getMessage() + ")";
            }
            return (hint.isEmpty() ? "" : hint + "\n") + tail;
        }

        @Override
        public synchronized void destroy() {
            if (destroyed) {
                return;
            }
            destroyed = true;
            long started = System.nanoTime();
            // SIGKILL at once: a deleted PM has nothing to save (its statistics and control socket go with its
            // directory), and the JVM's orderly shutdown on SIGTERM was the larger part of a removal on a busy host
            // (0.47 s of 1.08 s at p50, under a CPU quota; more with the quota lifted than without).
            boolean wasAlive = process.isAlive();
            if (wasAlive) {
                process.destroyForcibly();
            }
            // The network goes while the kernel ends the process (closing each packet socket waits for an RCU grace
            // period: 10-80 ms of a removal under a burst); a daemon killed now leaves the claim and the record, and
            // the signal is already sent. The cgroup can go only once the process has.
            removeNetwork.run();
            long networkGone = System.nanoTime();
            if (wasAlive) {
                waitQuietly(10);
            }
            long exited = System.nanoTime();
            limits.delete();
            closeHostPipe();
            LOG.info(
                    "PM runtime {} ({}) removed in {} ms: network {} ms, process ended {} ms later, limits {} ms",
                    process.pid(),
                    network.namespace(),
                    (System.nanoTime() - started) / 1_000_000,
                    (networkGone - started) / 1_000_000,
                    (exited - networkGone) / 1_000_000,
                    (System.nanoTime() - exited) / 1_000_000);
        }

        private void closeHostPipe() {
            if (hostPipe == null) {
                return;
            }
            try {
                hostPipe.close();
            } catch (IOException e) {
                // the PM is gone: its end is closed already
            }
        }

        private void waitQuietly(int seconds) {
            try {
                process.onExit().get(seconds, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                LOG.warn("PM process {} did not end after SIGKILL", process.pid());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
