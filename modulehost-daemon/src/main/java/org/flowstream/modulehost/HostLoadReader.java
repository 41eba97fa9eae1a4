package org.flowstream.modulehost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.HostLoad;
import org.flowstream.contracts.records.modulehost.PmLoad;
import org.flowstream.contracts.records.modulehost.PmStats;
import org.flowstream.contracts.records.modulehost.PmUsage;
import org.flowstream.modulehost.pm.PmHandle;
import org.flowstream.modulehost.pm.PmInstance;

/**
 * get_load: the host's CPU and memory, and per PM its CPU time, memory and packets and bytes per port (from the
 * PM runtime's own counters). Figures are read fresh on every call; nothing is cached.
 */
final class HostLoadReader {

    private HostLoadReader() {}

    static long totalMemoryMb() {
        return meminfo().getOrDefault("MemTotal", 0L) / 1024;
    }

    static HostLoad of(ModuleHostDaemon daemon) {
        int cpuPercentReserved = 0;
        long memoryReserved = 0;
        List<PmLoad> pms = new ArrayList<>();
        for (PmInstance pm : daemon.pms().list()) {
            cpuPercentReserved += pm.spec().cpuPercent();
            memoryReserved += pm.spec().memoryMb();
            pms.add(pmLoad(pm));
        }
        return new HostLoad(
                daemon.hostName(),
                daemon.cpuCores(),
                loadAverage(),
                daemon.memoryMb(),
                meminfo().getOrDefault("MemAvailable", 0L) / 1024,
                cpuPercentReserved,
                memoryReserved,
                pms,
                daemon.pmStartupState());
    }

    /** A PM's use (from its process and cgroup) and port counters (from its runtime); none before it runs. */
    private static PmLoad pmLoad(PmInstance pm) {
        PmHandle handle = pm.handle();
        if (handle == null) {
            return new PmLoad(pm.name(), pm.state().wireName(), null, null, null, null, null);
        }
        // The same records as list_pms' usage and stats: the figures are read, and checked, in one place.
        PmUsage usage = Structs.fromStruct(handle.usage(), PmUsage.class);
        return new PmLoad(
                pm.name(),
                pm.state().wireName(),
                usage.cpuSeconds(),
                usage.memoryBytes(),
                usage.rssBytes(),
                usage.cpuThrottledPeriods(),
                new TreeMap<>(PmStats.fromStatsFile(handle.stats()).ports()));
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
