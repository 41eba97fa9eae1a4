package org.flowstream.modulehost.basesys;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.flowstream.modulehost.pm.PmManager;
import org.flowstream.modulehost.runtime.PmMain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK's ahead-of-time cache (JEP 483/514/515) of the PM runtime: the classes a PM loads, already parsed,
 * verified and linked, plus method profiles, in one file that every PM on this host maps at start.
 *
 * <p>It is built once per class path and JDK, in the background when the daemon starts: a training PM runs
 * {@code FromDevice -> IPFilter -> Counter -> ToDevice} over a veth pair in a private network namespace with
 * {@code -XX:AOTCacheOutput}, is stopped with SIGTERM once it is up, and the JVM writes the cache as it exits.
 * The file's name carries a hash of the JDK, the class path (with sizes and times) and the options, so a new
 * build gets a new cache; older files are removed. Until it is ready (or if it cannot be built, for example
 * when the class path holds directories, as in tests), PMs start without it.
 */
public final class PmAotCache {

    private static final Logger LOG = LoggerFactory.getLogger(PmAotCache.class);
    /** Longer than the 120 s wait for the first stats plus the 180 s the cache may take to be written. */
    private static final int TRAINING_LIFETIME_SECONDS = 330;

    private static final String TRAINING_GRAPH =
            "FromDevice(p0) -> IPFilter(deny tcp dst port 22, allow all) -> Counter -> ToDevice(p1)";

    private final Path dir;
    private final String javaCommand;
    private final List<String> options;
    private final String classPath;
    private volatile String state = "not built";
    private volatile Path ready;

    PmAotCache(Path dir, String javaCommand, List<String> options, String classPath) {
        this.dir = dir;
        this.javaCommand = javaCommand;
        this.options = options;
        this.classPath = classPath;
    }

    /** The cache file once it is built. */
    public Optional<Path> ready() {
        return Optional.ofNullable(ready);
    }

    /** "not built", "building", "ready" or why it could not be built. */
    public String state() {
        return state;
    }

    /** Uses the cache if this build already has one, else builds it on a background thread. */
    public synchronized void prepare() {
        if (state.equals("building") || ready != null) {
            return;
        }
        Path file = dir.resolve("pm-" + key() + ".aot");
        if (Files.isRegularFile(file)) {
            ready = file;
            state = "ready";
            LOG.info("PM AOT cache {} is ready", file);
            return;
        }
        state = "building";
        Thread builder = new Thread(() -> build(file), "pm-aot-cache");
        builder.setDaemon(true);
        builder.start();
    }

    private void build(Path file) {
        long started = System.nanoTime();
        try {
            Files.createDirectories(dir);
            removeOlderCaches(file);
            Path work = Files.createTempDirectory(dir, "training");
            try {
                Path output = work.resolve("pm.aot");
                train(work, output);
                if (!Files.isRegularFile(output)) {
                    throw new IOException("the training JVM wrote no cache; its output is in the daemon's log");
                }
                Files.move(output, file, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                PmManager.deleteTree(work);
            }
            ready = file;
            state = "ready";
            LOG.info("PM AOT cache {} built in {} ms", file, (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            state = "unavailable: " + e.getMessage();
            LOG.warn("PM AOT cache not built, PMs start without it: {}", e.getMessage());
        } catch (InterruptedException e) {
            state = "unavailable: interrupted";
            Thread.currentThread().interrupt();
        }
    }

    private void train(Path work, Path output) throws IOException, InterruptedException {
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.endsWith(".jar")) {
                throw new IOException(
                        "the PM class path holds a directory (%s); an AOT cache needs jars only".formatted(entry));
            }
        }
        Path config = work.resolve("training.click");
        Path stats = work.resolve("stats.json");
        Files.writeString(config, TRAINING_GRAPH);
        List<String> java = new ArrayList<>();
        java.add(javaCommand);
        java.addAll(PmJvm.limitOptions(256));
        java.addAll(options);
        java.add("-XX:AOTCacheOutput=" + output);
        java.addAll(List.of(
                "-cp",
                classPath,
                PmMain.class.getName(),
                "--name",
                "aot-training",
                "--config",
                config.toString(),
                "--stats",
                stats.toString(),
                "--elements",
                work.toString()));
        String veth = "ip link add p0 type veth peer name p1 && ip link set p0 up && ip link set p1 up && exec \"$@\"";
        // timeout bounds the training JVM's life: a daemon killed (or a test JVM ending) while it trains would
        // otherwise leave it running, and its graph forwards p0's packets to p1, the other end of the same veth
        // pair, so one stray packet loops there at full CPU. timeout passes the SIGTERM below on to the JVM.
        List<String> command = new ArrayList<>(List.of(
                "timeout",
                "--signal=KILL",
                String.valueOf(TRAINING_LIFETIME_SECONDS),
                "unshare",
                "--net",
                "sh",
                "-c",
                veth,
                "training"));
        command.addAll(java);
        Path log = work.resolve("training.log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(stats) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(500); // a few stats rounds: the writer's classes join the cache too
        process.destroy(); // SIGTERM: the shutdown hook runs, then the JVM assembles the cache
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("the training JVM did not finish writing the cache within 180 s");
        }
        if (!Files.isRegularFile(output)) {
            String tail = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            throw new IOException("the training JVM wrote no cache (exit code %d): %s"
                    .formatted(process.exitValue(), tail.length() > 600 ? tail.substring(tail.length() - 600) : tail));
        }
    }

    private void removeOlderCaches(Path keep) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("pm-[0-9a-f]+\\.aot") && !p.equals(keep))
                    .toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** Identifies the JDK, the class path's jars (path, size, time) and the options the cache is trained with. */
    private String key() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((javaCommand + "\n" + Runtime.version() + "\n" + String.join(" ", options) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            for (String entry : classPath.split(File.pathSeparator)) {
                Path p = Path.of(entry);
                long size = Files.isRegularFile(p) ? Files.size(p) : -1;
                long time = Files.exists(p) ? Files.getLastModifiedTime(p).toMillis() : -1;
                sha.update((entry + ":" + size + ":" + time + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot identify the PM class path: " + e.getMessage(), e);
        }
    }
}
