package org.flowstream.modulehost.basesys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** CPU time and resident memory of a process, from /proc. */
final class ProcStats {

    /** USER_HZ: 100 on every Linux platform Flowstream runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {}

    static Map<String, Object> of(long pid) {
        Map<String, Object> stats = new LinkedHashMap<>();
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
            stats.put("cpu_seconds", ticks / TICKS_PER_SECOND);
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    stats.put("rss_bytes", Long.parseLong(line.replaceAll("\\D", "")) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // process gone
        }
        return stats;
    }

    /**
     * CPU time of all of a process's threads in nanoseconds (each thread's {@code schedstat}: exact, where
     * {@code stat}'s ticks count 10 ms), or -1 when it is gone. For start-up figures: a pooled PM's is a few ms.
     */
    static long cpuNanos(long pid) {
        long sum = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String line = Files.readString(task.resolve("schedstat"));
                sum += Long.parseLong(line.substring(0, line.indexOf(' ')));
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return -1; // gone, or a thread ended between the listing and its read: not worth a figure
        }
    }
}
