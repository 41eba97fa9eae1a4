package org.flowstream.resource.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.HostRegistration;
import org.flowstream.contracts.records.modulehost.PmDescription;
import org.flowstream.contracts.records.modulehost.PmPortDescription;
import org.flowstream.contracts.records.modulehost.PmRequest;

/**
 * A stand-in module host, one the resource daemon places on without real PMs behind it: what it sends in
 * register_host (by default the two PM types the tests' and benches' requests use: an IPFilter with one or two
 * outputs, a Counter) and what it answers to create_pm and list_pms. Built from the contract records, so every
 * stand-in sends what a real module host sends; tests and benches use it instead of writing the structs by hand.
 */
public final class StandInHost {

    /** What each offered PM type asks for, in cores and MB. */
    public record PmSizes(double filterCores, long filterMemoryMb, double counterCores, long counterMemoryMb) {}

    /** The sizes of the real catalogue's IPFilter and Counter. */
    public static final PmSizes TYPICAL = new PmSizes(0.5, 128, 0.25, 96);

    /** Sizes small enough that capacity never limits a test about something else. */
    public static final PmSizes TINY = new PmSizes(0.01, 1, 0.01, 1);

    private static final String BASE_SYSTEM = "linux.netns";

    /**
     * An allocation of the two types a stand-in offers: traffic from 10.0.0.1, entering at the platform's first I/O
     * node, through an IPFilter and a Counter, leaving at the I/O node net1.
     */
    public static final String REQUEST = """
            BASESYS=linux.netns
            ft :: FromNet("ip,nw_src=10.0.0.1")
            fw :: IPFilter(deny tcp dst port 22, allow all)
            c :: Counter
            tt :: ToNet(net1)
            ft -> fw -> c -> tt
            """;

    /** Source addresses handed out so far: the daemon refuses requests whose traffic overlaps a live one's. */
    private static final AtomicInteger SOURCES = new AtomicInteger(1);

    private StandInHost() {}

    /** {@link #REQUEST} from a source address (10.1.x.y) no other call used, so it overlaps no live allocation. */
    public static String distinctRequest() {
        int n = SOURCES.incrementAndGet();
        return REQUEST.replace("nw_src=10.0.0.1", "nw_src=10.1.%d.%d".formatted(n / 250, n % 250 + 1));
    }

    /** register_host's struct for a host offering an IPFilter and a Counter of these sizes. */
    public static Map<String, Object> registration(
            String name, String url, double cpuCores, long memoryMb, PmSizes sizes) {
        return registration(name, url, cpuCores, memoryMb, List.of(filter(sizes), counter(sizes)));
    }

    /** register_host's struct for a host offering these PM types (as get_pm_info describes them). */
    public static Map<String, Object> registration(
            String name, String url, double cpuCores, long memoryMb, List<Map<String, Object>> offered) {
        return Structs.toStruct(new HostRegistration(
                name, url, List.of(BASE_SYSTEM), cpuCores, memoryMb, null, List.of(), null, offered));
    }

    /** An IPFilter with one input and one or two outputs, as a host offers it. */
    public static Map<String, Object> filter(PmSizes sizes) {
        return Map.of(
                "name",
                "IPFilter",
                "description",
                "firewall",
                "outputs",
                Map.of("min", 1, "max", 2),
                "cpu_cores",
                sizes.filterCores(),
                "memory_mb",
                sizes.filterMemoryMb());
    }

    /** A Counter, as a host offers it. */
    public static Map<String, Object> counter(PmSizes sizes) {
        return Map.of(
                "name",
                "Counter",
                "description",
                "counts",
                "primitives",
                Map.of("Read", "count"),
                "cpu_cores",
                sizes.counterCores(),
                "memory_mb",
                sizes.counterMemoryMb());
    }

    /**
     * create_pm's answer: the PM struct a real host answers for a PM it started, running, its interfaces p0, p1, ...
     * on the switch's OpenFlow ports {@code firstOfport}, {@code firstOfport + 1}, ...
     */
    public static PmDescription started(PmRequest pm, int firstOfport) {
        List<PmPortDescription> ports = new ArrayList<>();
        for (int i = 0; i < (pm.ports() == null ? 0 : pm.ports()); i++) {
            ports.add(new PmPortDescription("p" + i, "standin" + i, firstOfport + i, "02:00:00:00:00:01"));
        }
        return new PmDescription(
                pm.name(),
                "standin",
                pm.basesys() == null ? BASE_SYSTEM : pm.basesys(),
                "running",
                Instant.now().toString(),
                null,
                null,
                ports,
                null,
                pm.memoryMb() == null ? 128 : pm.memoryMb(),
                pm.cpuPercent() == null ? 10 : pm.cpuPercent(),
                null,
                null,
                null,
                null);
    }

    /** A PM as list_pms shows it: running, its process details left out (a stand-in has none). */
    public static PmDescription listed(String name) {
        return new PmDescription(
                name,
                "standin",
                BASE_SYSTEM,
                "running",
                Instant.now().toString(),
                null,
                null,
                null,
                null,
                128,
                10,
                null,
                null,
                null,
                null);
    }
}
