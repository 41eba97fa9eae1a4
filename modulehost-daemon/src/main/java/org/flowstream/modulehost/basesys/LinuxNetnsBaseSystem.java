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
import org.flowstream.modulehost.net.PmNetwork;
import org.flowstream.modulehost.net.PmPort;
import org.flowstream.modulehost.net.SwitchPorts;
import org.flowstream.modulehost.pm.Isolation;
import org.flowstream.modulehost.pm.PmHandle;
import org.flowstream.modulehost.pm.PmLimits;
import org.flowstream.modulehost.pm.PmSpec;
import org.flowstream.modulehost.runtime.PmMain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code linux.netns}: a PM is a JVM running {@link PmMain}, in a network namespace of its own whose veth ports
 * join the platform switch, inside the OS limits {@link Isolation} provides (cgroups where available). The PM's
 * files live in its directory: {@code config.click} (the graph), {@code stats.json} (its counters),
 * {@code pm.log} (what it printed).
 */
public final class LinuxNetnsBaseSystem implements BaseSystem {

    public static final String NAME = "linux.netns";
    private static final Logger LOG = LoggerFactory.getLogger(LinuxNetnsBaseSystem.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SwitchPorts switchPorts;
    private final Isolation isolation;
    private final PmJvm jvm;
    private final Path deployedElements;

    public LinuxNetnsBaseSystem(SwitchPorts switchPorts, Isolation isolation, PmJvm jvm, Path deployedElements) {
        this.switchPorts = switchPorts;
        this.isolation = isolation;
        this.jvm = jvm;
        this.deployedElements = deployedElements;
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

    @Override
    public PmHandle start(PmSpec spec, String id, Path pmDir) throws Exception {
        Files.createDirectories(pmDir);
        Path configFile = pmDir.resolve("config.click");
        Path statsFile = pmDir.resolve("stats.json");
        Path logFile = pmDir.resolve("pm.log");
        Files.writeString(configFile, spec.config());
        Files.deleteIfExists(statsFile);
        Path record = pmDir.resolve("instance.properties");
        writeRecord(record, id, spec.ports(), -1);
        long started = System.nanoTime();
        PmNetwork network = PmNetwork.create(id, spec.ports(), switchPorts);
        long networkDone = System.nanoTime();
        PmLimits limits = null;
        try {
            limits = isolation.create("pm-" + id, spec.memoryMb(), spec.cpuPercent(), jvm.capCpuOnceUp());
            List<String> java = jvm.command(spec.memoryMb(), List.of("--name", spec.name(), "--config", configFile.toString(),
                    "--stats", statsFile.toString(), "--elements", deployedElements.toString()));
            List<String> command = limits.wrap(network.namespace().command(java));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            writeRecord(record, id, spec.ports(), process.pid());
            LOG.info("PM {} launched: pid {}, {}, ports {} (network {} ms, limits and launch {} ms, {} start-up)", spec.name(), process.pid(),
                    network.namespace(), network.ports(), (networkDone - started) / 1_000_000, (System.nanoTime() - networkDone) / 1_000_000,
                    jvm.mode().wireName());
            return new NetnsPm(process, network, limits, statsFile, logFile);
        } catch (Exception | Error e) {
            if (limits != null) {
                limits.delete();
            }
            network.delete();
            throw e;
        }
    }

    /** What a later daemon needs to clean up after this PM if this daemon dies first. */
    private static void writeRecord(Path file, String id, int ports, long pid) throws IOException {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("id", id);
        p.setProperty("ports", Integer.toString(ports));
        p.setProperty("pid", Long.toString(pid));
        try (var out = Files.newOutputStream(file)) {
            p.store(out, "PM instance (linux.netns)");
        }
    }

    @Override
    public void cleanUpLeftover(Path pmDir) {
        Path file = pmDir.resolve("instance.properties");
        if (!Files.isRegularFile(file)) {
            return;
        }
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", file, e.getMessage());
            return;
        }
        String id = p.getProperty("id", "");
        if (!id.matches("[0-9a-f]{6}")) {
            return;
        }
        long pid = Long.parseLong(p.getProperty("pid", "-1"));
        // Only a PM runtime started for this very directory: a recycled pid belongs to someone else.
        ProcessHandle.of(pid).filter(h -> runsPmFor(h.pid(), pmDir)).ifPresent(h -> {
            h.destroyForcibly();
            h.onExit().join();
        });
        PmNetwork.deleteLeftover(id, Integer.parseInt(p.getProperty("ports", "0")), switchPorts);
        isolation.deleteLeftover("pm-" + id);
        LOG.info("cleaned up PM {} left behind by a previous run ({})", pmDir.getFileName(), id);
    }

    /**
     * Whether a process is the PM runtime of this directory. Read from /proc: ProcessHandle.Info has no command
     * line at all when it is longer than a page, and a PM's class path makes it longer.
     */
    private static boolean runsPmFor(long pid, Path pmDir) {
        try {
            String commandLine = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), java.nio.charset.StandardCharsets.UTF_8);
            return commandLine.contains(PmMain.class.getName()) && commandLine.contains(pmDir.resolve("config.click").toString());
        } catch (IOException e) {
            return false; // gone meanwhile
        }
    }

    private static final class NetnsPm implements PmHandle {
        private final Process process;
        private final PmNetwork network;
        private final PmLimits limits;
        private final Path statsFile;
        private final Path logFile;
        private final CompletableFuture<Integer> exit;
        private volatile boolean destroyed;

        NetnsPm(Process process, PmNetwork network, PmLimits limits, Path statsFile, Path logFile) {
            this.process = process;
            this.network = network;
            this.limits = limits;
            this.statsFile = statsFile;
            this.logFile = logFile;
            this.exit = process.onExit().thenApply(Process::exitValue);
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
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                        process.waitFor(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
            network.delete();
            limits.delete();
        }
    }
}
