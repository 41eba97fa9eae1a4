package org.flowstream.monitoring.sources;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A module host's answer to get_load: {host, cpu_cores, load_average_1m, memory_total_mb, memory_available_mb,
 * pms: [{name, state, cpu_seconds, memory_bytes | rss_bytes, ports: {p0: {rx_packets, rx_bytes, tx_packets, tx_bytes}}}]}.
 */
public record HostSample(
        String host,
        double cpuCores,
        double loadAverage1m,
        long memoryTotalMb,
        long memoryAvailableMb,
        List<PmSample> pms)
        implements Sample {

    public HostSample {
        pms = List.copyOf(pms);
    }

    public static HostSample fromGetLoad(String registeredName, Object value) {
        Map<?, ?> s = Wire.struct(value);
        String name = Wire.text(s, "host");
        List<PmSample> pms =
                Wire.list(s.get("pms")).stream().map(PmSample::fromWire).toList();
        return new HostSample(
                name.isEmpty() ? registeredName : name,
                Wire.number(s, "cpu_cores"),
                Wire.number(s, "load_average_1m"),
                Wire.count(s, "memory_total_mb"),
                Wire.count(s, "memory_available_mb"),
                pms);
    }

    public Optional<PmSample> pm(String name) {
        return pms.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    @Override
    public Map<String, Object> toStruct() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("host", host);
        s.put("cpu_cores", cpuCores);
        s.put("load_average_1m", loadAverage1m);
        s.put("memory_total_mb", memoryTotalMb);
        s.put("memory_available_mb", memoryAvailableMb);
        s.put("pms", pms.stream().map(PmSample::toStruct).toList());
        return s;
    }
}
