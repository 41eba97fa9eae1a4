package org.flowstream.monitoring.sources;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.HostLoad;

/**
 * What monitoring keeps of a module host's get_load answer ({@link HostLoad}).
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

    /** A get_load answer ({@link HostLoad}); one that does not match the contract is refused, naming the field. */
    public static HostSample fromGetLoad(String registeredName, Object value) {
        HostLoad load = Structs.fromStruct(value, HostLoad.class);
        return new HostSample(
                load.host().isEmpty() ? registeredName : load.host(),
                load.cpuCores(),
                load.loadAverage1m(),
                load.memoryTotalMb(),
                load.memoryAvailableMb(),
                load.pms().stream().map(PmSample::of).toList());
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
