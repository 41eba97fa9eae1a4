package org.flowstream.monitoring.sources;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.HostLoad;

/**
 * What monitoring keeps of a module host's get_load answer ({@link HostLoad}).
 */
public record HostSample(
        String host,
        double cpuCores,
        @JsonProperty("load_average_1m") double loadAverage1m,
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
}
