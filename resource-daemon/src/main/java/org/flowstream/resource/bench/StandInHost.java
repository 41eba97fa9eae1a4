package org.flowstream.resource.bench;

import java.util.List;
import java.util.Map;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.HostRegistration;

/**
 * The register_host struct of a stand-in module host, one the resource daemon places on without real PMs
 * behind it: it offers the two PM types the tests' and benches' requests use (an IPFilter with one or two
 * outputs, a Counter). Built from the contract record, so every stand-in sends what a real module host sends;
 * tests and benches use it instead of writing the struct by hand.
 */
public final class StandInHost {

    /** What each offered PM type asks for, in cores and MB. */
    public record PmSizes(double filterCores, long filterMemoryMb, double counterCores, long counterMemoryMb) {}

    /** The sizes of the real catalogue's IPFilter and Counter. */
    public static final PmSizes TYPICAL = new PmSizes(0.5, 128, 0.25, 96);

    /** Sizes small enough that capacity never limits a test about something else. */
    public static final PmSizes TINY = new PmSizes(0.01, 1, 0.01, 1);

    private StandInHost() {}

    public static Map<String, Object> registration(
            String name, String url, double cpuCores, long memoryMb, PmSizes sizes) {
        return Structs.toStruct(new HostRegistration(
                name,
                url,
                List.of("linux.netns"),
                cpuCores,
                memoryMb,
                null,
                List.of(),
                null,
                List.of(
                        Map.of(
                                "name",
                                "IPFilter",
                                "description",
                                "firewall",
                                "outputs",
                                Map.of("min", 1, "max", 2),
                                "cpu_cores",
                                sizes.filterCores(),
                                "memory_mb",
                                sizes.filterMemoryMb()),
                        Map.of(
                                "name",
                                "Counter",
                                "description",
                                "counts",
                                "primitives",
                                Map.of("Read", "count"),
                                "cpu_cores",
                                sizes.counterCores(),
                                "memory_mb",
                                sizes.counterMemoryMb()))));
    }
}
