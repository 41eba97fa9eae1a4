package org.flowstream.modulehost.basesys;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.flowstream.modulehost.runtime.PmMain;

/**
 * How a PM's JVM is started: the java command, its options and its class path, in one of two start-up modes.
 *
 * <ul>
 * <li>{@link Mode#FAST} (the default): a light JVM (C1 only, one compiler thread, small code cache and stacks,
 * a heap that grows from 4 MB and gives memory back), a class path of only the jars the element runtime needs
 * (not the daemon's ~100), and the {@link PmAotCache AOT cache} of the PM runtime once it is built, so classes
 * come loaded and linked from the cache instead of being read, verified and linked at every start; the CPU
 * quota applies once the PM is up ({@link #capCpuOnceUp()}).</li>
 * <li>{@link Mode#COLD}: the way PMs started before: the daemon's whole class path, the C2 compiler, no AOT
 * cache, and (see {@link #oneAtATime()}) the PMs of one allocation started one after another. Kept so {@code bench activate}
 * measures its baseline with the real platform in the same run.</li>
 * </ul>
 */
public final class PmJvm {

    /** The start-up modes, by their setting value. */
    public enum Mode {
        FAST,
        COLD,
        /** Fast, and create_pm configures a pre-started runtime of the host's warm pool when one is there. */
        POOLED;

        public static Mode parse(String value) {
            for (Mode m : values()) {
                if (m.name().equalsIgnoreCase(value)) {
                    return m;
                }
            }
            throw new IllegalArgumentException(
                    "PM start-up mode '%s' is not known: use 'fast', 'pooled' or 'cold'".formatted(value));
        }

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final String javaCommand;
    private final List<String> extraOptions;
    private final PmAotCache aotCache;
    private volatile Mode mode;

    /**
     * @param javaCommand  the java executable; empty: the JDK running this daemon
     * @param extraOptions settings.pmJvmOptions, appended to the mode's own
     * @param aotDir       where the AOT cache is kept (built there in the background)
     */
    public PmJvm(String javaCommand, List<String> extraOptions, Mode mode, Path aotDir) {
        this.javaCommand = javaCommand == null || javaCommand.isEmpty()
                ? ProcessHandle.current().info().command().orElse("java")
                : javaCommand;
        this.extraOptions = List.copyOf(extraOptions);
        this.mode = mode;
        this.aotCache = new PmAotCache(aotDir, this.javaCommand, lightOptions(), runtimeClassPath());
    }

    public Mode mode() {
        return mode;
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    public PmAotCache aotCache() {
        return aotCache;
    }

    /** Whether create_pm takes a pre-started runtime from the warm pool ({@code pool/WarmPool}) when one is there. */
    public boolean pooled() {
        return mode == Mode.POOLED;
    }

    /** Whether the PMs of one allocation must start one after another (the cold baseline does). */
    public boolean oneAtATime() {
        return mode == Mode.COLD;
    }

    /**
     * Whether a PM's CPU quota waits until it is up: JVM start-up is CPU-bound, and a PM with a 10 % quota
     * would start ten times slower. The cold baseline caps it from the start, as before.
     */
    public boolean capCpuOnceUp() {
        return mode != Mode.COLD;
    }

    /**
     * Whether a PM's JVM starts before its ports exist, booting while they are made (fast mode). The cold baseline
     * makes the ports first, as before.
     */
    public boolean launchBeforePorts() {
        return mode != Mode.COLD;
    }

    /**
     * Whether a PM opens its control channel only once the module host asks for it (fast mode): a listening Unix
     * socket costs an idle PM 2.4 MB (docs/modulehost-daemon.md, "Light PMs"). The cold baseline opens it at start.
     */
    public boolean controlOnRequest() {
        return mode != Mode.COLD;
    }

    /** The command that runs {@link PmMain} with these arguments, for a PM with this memory limit. */
    public List<String> command(int memoryMb, List<String> pmMainArguments) {
        Mode m = mode;
        List<String> java = new ArrayList<>();
        java.add(javaCommand);
        java.addAll(limitOptions(memoryMb));
        if (m != Mode.COLD) {
            java.addAll(lightOptions());
            aotCache.ready().ifPresent(cache -> java.add("-XX:AOTCache=" + cache));
        } else {
            java.addAll(coldOptions());
        }
        java.addAll(extraOptions);
        java.addAll(List.of(
                "-cp",
                m != Mode.COLD ? runtimeClassPath() : System.getProperty("java.class.path"),
                PmMain.class.getName()));
        java.addAll(pmMainArguments);
        return java;
    }

    /**
     * Heap at half the memory limit: the rest is for metaspace, code, thread stacks and socket buffers, so the
     * heap hits its cap (and the PM exits) before the cgroup's OOM killer has to step in.
     */
    static List<String> limitOptions(int memoryMb) {
        int heap = Math.max(32, memoryMb / 2);
        return List.of(
                "-Xmx" + heap + "m",
                "-XX:MaxMetaspaceSize=64m",
                "-XX:MaxDirectMemorySize=" + Math.max(16, memoryMb / 8) + "m",
                "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:-UsePerfData",
                "--enable-native-access=ALL-UNNAMED");
    }

    /**
     * A PM's few threads forward packets through short methods: C1 code is enough for them, and skipping C2
     * saves its compiler thread, its arenas and most of the code cache. The heap starts small and is given
     * back after a burst (free ratios), so an idle PM stays small. Training and use of the AOT cache must share
     * these options.
     *
     * <p>Measured on an idle 2-port PM (VmRSS 12 s after start, docs/modulehost-daemon.md "Light PMs"): start-up
     * leaves about 6 MB free but kept in the C heap (compiler arenas), which a periodic malloc trim gives back;
     * compiling only methods ten times hotter than the default leaves the start-up code uncompiled (about 1.5 MB of
     * code and compiler memory; the packet path is hot enough within a fraction of a second); a young generation of
     * at most 512 KB holds a packet's short-lived garbage (collections of it take microseconds): 1 MB saved 1.0 MB of touched
     * heap against the default, 512 KB another 0.2 MB. See {@link #lightAotOptions()} and {@link #smallVmTables()} for
     * the rest.
     */
    static List<String> lightOptions() {
        List<String> options = new ArrayList<>(List.of(
                "-Xms4m",
                "-XX:NewSize=256k",
                "-XX:MaxNewSize=512k",
                "-XX:MinHeapFreeRatio=10",
                "-XX:MaxHeapFreeRatio=30",
                "-Xss256k",
                "-XX:TieredStopAtLevel=1",
                "-XX:CICompilerCount=1",
                "-XX:CompileThresholdScaling=10",
                "-XX:ReservedCodeCacheSize=16m",
                "-XX:TrimNativeHeapInterval=2000"));
        options.addAll(lightAotOptions());
        options.addAll(smallVmTables());
        return List.copyOf(options);
    }

    /**
     * What the AOT cache holds beyond classes. Its method profiles and training data (JEP 515) serve only C2, which a
     * PM never runs (C1 compiles without profiles): recording them made the cache larger, and replaying them cost a
     * thread and 0.5 MB per PM. Its cached call adapters cost 0.5 MB of every PM's (relocated, hence private) cache
     * mapping and save no measurable start-up time. These flags are diagnostic ones of JDK 25;
     * PmJvmTest checks that the JDK running the daemon accepts every option.
     */
    static List<String> lightAotOptions() {
        return List.of(
                "-XX:+UnlockDiagnosticVMOptions",
                "-XX:-AOTRecordTraining",
                "-XX:-AOTReplayTraining",
                "-XX:-AOTAdapterCaching");
    }

    /**
     * The JVM sizes its interned-string and symbol tables for large applications (64 Ki and 32 Ki buckets, 0.5 and
     * 0.25 MB written at start); a PM's strings and symbols come from the AOT cache, whose tables are separate, so
     * the run-time ones stay nearly empty. They grow on their own if a PM needs more. Saves 0.6 MB per PM.
     */
    static List<String> smallVmTables() {
        return List.of("-XX:StringTableSize=4096", "-XX:+UnlockExperimentalVMOptions", "-XX:SymbolTableSize=4096");
    }

    /** The options PMs had before the fast mode (the baseline). */
    static List<String> coldOptions() {
        return List.of("-Xms16m", "-XX:ReservedCodeCacheSize=48m", "-Xss512k");
    }

    /**
     * The jars (or class directories, in tests) the element runtime needs: its own (packet sockets go through the
     * JDK's java.lang.foreign) and Jackson (the control channel).
     * Deployed element types may use the JDK and the element runtime.
     */
    static String runtimeClassPath() {
        Set<String> entries = new LinkedHashSet<>();
        // Elements declare their ports with the contracts module's @Signature, which the PM's runtime reads; the
        // control channel's JSON (Jackson) is loaded only when the module host first talks to the PM.
        for (Class<?> c : List.of(
                PmMain.class,
                org.flowstream.contracts.element.Signature.class,
                com.fasterxml.jackson.databind.ObjectMapper.class,
                com.fasterxml.jackson.core.JsonParser.class,
                com.fasterxml.jackson.annotation.JsonProperty.class)) {
            entries.add(locationOf(c));
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String locationOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot tell where " + c.getName() + " was loaded from: " + e.getMessage(), e);
        }
    }
}
