package org.flowstream.modulehost.pm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses and applies the strongest resource isolation the machine offers PM processes:
 * <ol>
 *   <li>{@code cgroup-v2}: a cgroup per PM under the unified hierarchy with {@code memory.max},
 *       {@code memory.swap.max=0} and {@code cpu.max};</li>
 *   <li>{@code cgroup-v1}: a group per PM in the memory and cpu hierarchies, with
 *       {@code memory.limit_in_bytes} and {@code cpu.cfs_quota_us}/{@code cpu.cfs_period_us};</li>
 *   <li>{@code jvm}: no cgroups (not root, or not mounted): the JVM's own heap/metaspace/direct-memory caps plus
 *       {@code prlimit} (no core files, bounded file descriptors) and {@code nice}; CPU is then not capped.</li>
 * </ol>
 * Groups are made below the daemon's own group in each hierarchy ({@code /proc/self/cgroup}), so PMs stay
 * inside whatever budget the machine gave the module host, under a {@code flowstream-pms} parent.
 */
public final class Isolation {

    private static final Logger LOG = LoggerFactory.getLogger(Isolation.class);
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
    private static final long CPU_PERIOD_US = 100_000;

    private final String mechanism;
    private final Path v2Parent;
    private final Path v1MemoryParent;
    private final Path v1CpuParent;

    private Isolation(String mechanism, Path v2Parent, Path v1MemoryParent, Path v1CpuParent) {
        this.mechanism = mechanism;
        this.v2Parent = v2Parent;
        this.v1MemoryParent = v1MemoryParent;
        this.v1CpuParent = v1CpuParent;
    }

    /** Probes the machine; {@code wanted} is "auto" or one mechanism name (then it must work). */
    public static Isolation detect(String wanted) {
        List<String> reasons = new ArrayList<>();
        if (wanted.equals("auto") || wanted.equals("cgroup-v2")) {
            try {
                return cgroupV2();
            } catch (IOException | RuntimeException e) {
                reasons.add("cgroup-v2: " + e.getMessage());
            }
        }
        if (wanted.equals("auto") || wanted.equals("cgroup-v1")) {
            try {
                return cgroupV1();
            } catch (IOException | RuntimeException e) {
                reasons.add("cgroup-v1: " + e.getMessage());
            }
        }
        if (wanted.equals("auto") || wanted.equals("jvm")) {
            if (!reasons.isEmpty()) {
                LOG.warn(
                        "no cgroups for PM processes ({}); falling back to JVM heap limits and prlimit",
                        String.join("; ", reasons));
            }
            return new Isolation("jvm", null, null, null);
        }
        throw new IllegalStateException(
                "isolation '%s' is not available here: %s (choose auto, cgroup-v2, cgroup-v1 or jvm)"
                        .formatted(wanted, String.join("; ", reasons)));
    }

    private static Isolation cgroupV2() throws IOException {
        Path controllers = CGROUP_ROOT.resolve("cgroup.controllers");
        if (!Files.isRegularFile(controllers)) {
            throw new IllegalStateException("/sys/fs/cgroup is not a cgroup v2 (unified) mount");
        }
        String available = Files.readString(controllers);
        if (!available.contains("memory") || !available.contains("cpu")) {
            throw new IllegalStateException(
                    "the unified hierarchy lacks the memory or cpu controller (has: " + available.strip() + ")");
        }
        String own = ownGroup("");
        // A v2 group with processes cannot delegate controllers (no internal processes), so PMs go in a sibling
        // of the daemon's group: its parent, or the root when the daemon is at the root.
        Path base = own.isEmpty() || own.equals("/")
                ? CGROUP_ROOT
                : CGROUP_ROOT.resolve(strip(own)).getParent();
        enable(base.resolve("cgroup.subtree_control"));
        Path parent = base.resolve("flowstream-pms");
        Files.createDirectories(parent);
        enable(parent.resolve("cgroup.subtree_control"));
        return new Isolation("cgroup-v2", parent, null, null);
    }

    private static void enable(Path subtreeControl) throws IOException {
        Files.writeString(subtreeControl, "+memory +cpu");
    }

    private static Isolation cgroupV1() throws IOException {
        Path memory = CGROUP_ROOT.resolve("memory");
        Path cpu = CGROUP_ROOT.resolve("cpu");
        if (!Files.isRegularFile(memory.resolve("cgroup.procs"))
                || !Files.isRegularFile(cpu.resolve("cpu.cfs_quota_us"))) {
            throw new IllegalStateException("no v1 memory and cpu hierarchies under /sys/fs/cgroup");
        }
        Path memoryParent = memory.resolve(strip(ownGroup("memory"))).resolve("flowstream-pms");
        Path cpuParent = cpu.resolve(strip(ownGroup("cpu"))).resolve("flowstream-pms");
        Files.createDirectories(memoryParent);
        Files.createDirectories(cpuParent);
        Path probe = memoryParent.resolve("memory.limit_in_bytes");
        if (!Files.isWritable(probe)) {
            throw new IllegalStateException(probe + " is not writable (not root?)");
        }
        return new Isolation("cgroup-v1", null, memoryParent, cpuParent);
    }

    private static String strip(String group) {
        return group.startsWith("/") ? group.substring(1) : group;
    }

    /** This process's group in a hierarchy: "" for v2 (line "0::/path"), else the v1 controller's name. */
    private static String ownGroup(String controller) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3) {
                boolean match = controller.isEmpty()
                        ? parts[0].equals("0") && parts[1].isEmpty()
                        : List.of(parts[1].split(",")).contains(controller);
                if (match) {
                    return parts[2];
                }
            }
        }
        throw new IllegalStateException(
                "this process is in no " + (controller.isEmpty() ? "unified" : controller) + " cgroup");
    }

    public String mechanism() {
        return mechanism;
    }

    /** A one-line account of what is enforced, for registration and reports. */
    public String describe() {
        return switch (mechanism) {
            case "cgroup-v2" -> "cgroup v2 per PM (memory.max, cpu.max) under " + v2Parent;
            case "cgroup-v1" ->
                "cgroup v1 per PM (memory.limit_in_bytes, cpu.cfs_quota_us) under " + v1MemoryParent + " and "
                        + v1CpuParent;
            default -> "JVM heap/metaspace/direct-memory limits plus prlimit and nice (no cgroups: CPU not capped)";
        };
    }

    /** Removes the group(s) of a PM that a previous run left behind. */
    public void deleteLeftover(String id) {
        List<Path> groups = switch (mechanism) {
            case "cgroup-v2" -> List.of(v2Parent.resolve(id));
            case "cgroup-v1" -> List.of(v1MemoryParent.resolve(id), v1CpuParent.resolve(id));
            default -> List.of();
        };
        new CgroupLimits(
                        mechanism,
                        groups.stream().filter(Files::isDirectory).toList(),
                        Path.of("/nonexistent"),
                        Path.of("/nonexistent"),
                        0,
                        0)
                .delete();
    }

    /** Makes the limits of one PM, all enforced from the start. */
    public PmLimits create(String id, int memoryMb, int cpuPercent) throws IOException {
        return create(id, memoryMb, cpuPercent, false);
    }

    /**
     * Makes the limits of one PM. With {@code cpuCapOnceUp}, the CPU quota is left open until
     * {@link PmLimits#capCpu()}: a JVM starting under a 10 % quota (a Counter's default) takes ten times as long
     * to start, since start-up is CPU-bound; the memory limit holds from the first instruction either way.
     */
    public PmLimits create(String id, int memoryMb, int cpuPercent, boolean cpuCapOnceUp) throws IOException {
        long memoryBytes = (long) memoryMb << 20;
        long quota = cpuPercent * CPU_PERIOD_US / 100;
        String startQuota = cpuCapOnceUp ? "max" : Long.toString(quota);
        switch (mechanism) {
            case "cgroup-v2" -> {
                Path group = v2Parent.resolve(id);
                Files.createDirectories(group);
                Files.writeString(group.resolve("memory.max"), Long.toString(memoryBytes));
                if (Files.exists(group.resolve("memory.swap.max"))) {
                    Files.writeString(group.resolve("memory.swap.max"), "0");
                }
                Files.writeString(group.resolve("cpu.max"), startQuota + " " + CPU_PERIOD_US);
            }
            case "cgroup-v1" -> {
                Path memory = v1MemoryParent.resolve(id);
                Path cpu = v1CpuParent.resolve(id);
                Files.createDirectories(memory);
                Files.createDirectories(cpu);
                Files.writeString(memory.resolve("memory.limit_in_bytes"), Long.toString(memoryBytes));
                if (Files.exists(memory.resolve("memory.memsw.limit_in_bytes"))) {
                    try {
                        Files.writeString(memory.resolve("memory.memsw.limit_in_bytes"), Long.toString(memoryBytes));
                    } catch (IOException e) {
                        LOG.debug("cannot limit swap of {}", id, e); // swap accounting off: no swap to limit
                    }
                }
                Files.writeString(cpu.resolve("cpu.cfs_period_us"), Long.toString(CPU_PERIOD_US));
                Files.writeString(cpu.resolve("cpu.cfs_quota_us"), startQuota.equals("max") ? "-1" : startQuota);
            }
            default -> {}
        }
        return existing(id, memoryMb, cpuPercent);
    }

    /** The limits of a PM whose groups exist already (made by {@link #create}, maybe by a previous run of the daemon). */
    public PmLimits existing(String id, int memoryMb, int cpuPercent) {
        long memoryBytes = (long) memoryMb << 20;
        long quota = cpuPercent * CPU_PERIOD_US / 100;
        return switch (mechanism) {
            case "cgroup-v2" ->
                new CgroupLimits(
                        mechanism,
                        List.of(v2Parent.resolve(id)),
                        v2Parent.resolve(id).resolve("memory.current"),
                        v2Parent.resolve(id).resolve("memory.events"),
                        memoryBytes,
                        quota);
            case "cgroup-v1" ->
                new CgroupLimits(
                        mechanism,
                        List.of(v1MemoryParent.resolve(id), v1CpuParent.resolve(id)),
                        v1MemoryParent.resolve(id).resolve("memory.usage_in_bytes"),
                        v1MemoryParent.resolve(id).resolve("memory.oom_control"),
                        memoryBytes,
                        quota);
            default -> new JvmOnlyLimits(memoryBytes);
        };
    }

    /** A PM's group(s) in v1 or v2. */
    static final class CgroupLimits implements PmLimits {
        private final String mechanism;
        private final List<Path> groups;
        private final Path usageFile;
        private final Path oomFile;
        private final long memoryBytes;
        private final long quota;

        CgroupLimits(String mechanism, List<Path> groups, Path usageFile, Path oomFile, long memoryBytes, long quota) {
            this.mechanism = mechanism;
            this.groups = groups;
            this.usageFile = usageFile;
            this.oomFile = oomFile;
            this.memoryBytes = memoryBytes;
            this.quota = quota;
        }

        @Override
        public List<String> wrap(List<String> command) {
            // The shell moves itself into the groups, then execs the command: the PM never runs outside them.
            StringBuilder script = new StringBuilder();
            for (Path group : groups) {
                script.append("echo $$ > '")
                        .append(group.resolve("cgroup.procs"))
                        .append("' && ");
            }
            script.append("exec \"$@\"");
            List<String> wrapped = new ArrayList<>(List.of("sh", "-c", script.toString(), "flowstream-pm"));
            wrapped.addAll(command);
            return wrapped;
        }

        @Override
        public void capCpu() throws IOException {
            Path cpuGroup = groups.get(groups.size() - 1);
            if (mechanism.equals("cgroup-v2")) {
                Files.writeString(cpuGroup.resolve("cpu.max"), quota + " " + CPU_PERIOD_US);
            } else {
                Files.writeString(cpuGroup.resolve("cpu.cfs_quota_us"), Long.toString(quota));
            }
        }

        @Override
        public void background(boolean low) throws IOException {
            Path cpuGroup = groups.get(groups.size() - 1);
            if (mechanism.equals("cgroup-v2")) {
                Files.writeString(cpuGroup.resolve("cpu.weight"), low ? "10" : "100"); // 100: the default
            } else {
                Files.writeString(cpuGroup.resolve("cpu.shares"), low ? "102" : "1024"); // 1024: the default
            }
        }

        @Override
        public Map<String, Object> usage() {
            Map<String, Object> usage = new LinkedHashMap<>();
            try {
                usage.put(
                        "memory_bytes",
                        Long.parseLong(Files.readString(usageFile).strip()));
                // cpu.stat (v1 and v2): how often the CPU quota stopped the PM.
                Path cpuStat = groups.get(groups.size() - 1).resolve("cpu.stat");
                for (String line : Files.readAllLines(cpuStat)) {
                    String[] kv = line.strip().split("\\s+");
                    if (kv.length == 2 && kv[0].equals("nr_throttled")) {
                        usage.put("cpu_throttled_periods", Long.parseLong(kv[1]));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // group already gone
            }
            return usage;
        }

        @Override
        public String deathHint() {
            try {
                for (String line : Files.readAllLines(oomFile)) {
                    String[] kv = line.strip().split("\\s+");
                    if (kv.length == 2 && kv[0].equals("oom_kill") && !kv[1].equals("0")) {
                        return "the memory cgroup's OOM killer killed it (oom_kill " + kv[1] + ", limit "
                                + (memoryBytes >> 20) + " MiB)";
                    }
                }
            } catch (IOException e) {
                // no such file on this kernel
            }
            return "";
        }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("mechanism", mechanism);
            d.put("memory_bytes", memoryBytes);
            d.put("cpu_quota_us", quota);
            d.put("cpu_period_us", CPU_PERIOD_US);
            d.put("cgroups", groups.stream().map(Path::toString).toList());
            return d;
        }

        @Override
        public void delete() {
            for (Path group : groups) {
                // The kernel may still be tearing the dead process down; rmdir succeeds once the group is empty,
                // usually within milliseconds: tried every 10 ms (a delete_pm waits for it), for 5 s at most.
                for (int attempt = 0; attempt < 500 && Files.exists(group); attempt++) {
                    try {
                        Files.delete(group);
                    } catch (IOException e) {
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException ie) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
                if (Files.exists(group)) {
                    LOG.warn("cannot remove cgroup {} (still has processes?)", group);
                }
            }
        }
    }

    /** No cgroups: prlimit and nice around the JVM; the heap caps come from the JVM options. */
    static final class JvmOnlyLimits implements PmLimits {
        private final long memoryBytes;

        JvmOnlyLimits(long memoryBytes) {
            this.memoryBytes = memoryBytes;
        }

        @Override
        public List<String> wrap(List<String> command) {
            List<String> wrapped =
                    new ArrayList<>(List.of("prlimit", "--core=0", "--nofile=4096", "--", "nice", "-n", "5"));
            wrapped.addAll(command);
            return wrapped;
        }

        @Override
        public Map<String, Object> usage() {
            return Map.of();
        }

        @Override
        public String deathHint() {
            return "";
        }

        @Override
        public Map<String, Object> describe() {
            return Map.of("mechanism", "jvm", "memory_bytes", memoryBytes, "cpu", "not capped (no cgroups)");
        }

        @Override
        public void delete() {}
    }
}
