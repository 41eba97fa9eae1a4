package org.flowstream.modulehost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.modulehost.pm.PmInstance;

/**
 * get_load: the host's CPU and memory, and per PM its CPU time, memory and packets and bytes per port (from the
 * PM runtime's own counters). Figures are read fresh on every call; nothing is cached.
 */
final class HostLoad {

    private HostLoad() {}

    static long totalMemoryMb() {
        return meminfo().getOrDefault("MemTotal", 0L) / 1024;
    }

    static Map<String, Object> of(ModuleHostDaemon daemon) {
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("host", daemon.hostName());
        load.put("cpu_cores", daemon.cpuCores());
        load.put("load_average_1m", loadAverage());
        Map<String, Long> mem = meminfo();
        load.put("memory_total_mb", daemon.memoryMb());
        load.put("memory_available_mb", mem.getOrDefault("MemAvailable", 0L) / 1024);
        int cpuPercentReserved = 0;
        long memoryReserved = 0;
        List<Map<String, Object>> pms = new ArrayList<>();
        for (PmInstance pm : daemon.pms().list()) {
            cpuPercentReserved += pm.spec().cpuPercent();
            memoryReserved += pm.spec().memoryMb();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", pm.name());
            entry.put("state", pm.state().wireName());
            if (pm.handle() != null) {
                entry.putAll(pm.handle().usage());
                Object ports = pm.handle().stats().get("ports");
                entry.put("ports", ports == null ? Map.of() : ports);
            }
            pms.add(entry);
        }
        load.put("cpu_percent_reserved", cpuPercentReserved);
        load.put("memory_mb_reserved", memoryReserved);
        load.put("pms", pms);
        load.put("pm_startup", daemon.pmJvm().describe());
        return load;
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static Map<String, Long> meminfo() {
        Map<String, Long> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                String[] parts = line.split(":\\s+");
                if (parts.length == 2) {
                    values.put(parts[0], Long.parseLong(parts[1].replaceAll("\\D", "")));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return values;
    }
}
