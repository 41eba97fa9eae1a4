package org.flowstream.resource.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowstream.contracts.element.BuiltInSignatures;
import org.flowstream.contracts.element.ElementSignature;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.HostRegistration;
import org.flowstream.contracts.records.modulehost.PmDescription;
import org.flowstream.contracts.records.modulehost.PmPortDescription;
import org.flowstream.contracts.records.modulehost.PmRequest;
import org.flowstream.contracts.records.modulehost.PmTypeInfo;

/**
 * A stand-in module host, one the resource daemon places on without real PMs behind it: what it sends in
 * register_host, what it answers to get_pm_info (the two PM types the tests' and benches' requests use, an IPFilter
 * and a Counter, of the sizes a test chooses), create_pm and list_pms. Built from the contract records, so every
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

    /** register_host's struct for a stand-in host; the PM types it offers are what its get_pm_info answers. */
    public static Map<String, Object> registration(String name, String url, double cpuCores, long memoryMb) {
        return Structs.toStruct(
                new HostRegistration(name, url, List.of(BASE_SYSTEM), cpuCores, memoryMb, null, List.of(), null));
    }

    /**
     * A stand-in host's get_pm_info answer: the built-in IPFilter and Counter, described as a real module host
     * describes them ({@link PmTypeInfo}, from their signatures), each asking for its size in {@code sizes}.
     */
    public static List<List<Object>> pmInfo(PmSizes sizes) {
        return List.of(
                entry("IPFilter", sizes.filterCores(), sizes.filterMemoryMb()),
                entry("Counter", sizes.counterCores(), sizes.counterMemoryMb()));
    }

    private static List<Object> entry(String className, double cores, long memoryMb) {
        ElementSignature signature = BuiltInSignatures.all().stream()
                .filter(s -> s.className().equals(className))
                .findFirst()
                .orElseThrow();
        return PmTypeInfo.entry(signature, PmTypeInfo.of(signature, false, null).sized(cores, memoryMb));
    }

    /**
     * The source of a GetPmInfo command for a stand-in daemon's task directory (in package {@code taskPackage}) that
     * answers {@link #pmInfo} of these sizes over XML-RPC, as a real module host answers get_pm_info.
     */
    public static String getPmInfoCommand(String taskPackage, PmSizes sizes) {
        return """
                package %s;
                import org.flowstream.common.rpc.ReturnValue;
                import org.flowstream.common.task.CallContext;
                import org.flowstream.common.task.Command;
                import org.flowstream.resource.bench.StandInHost;
                public class GetPmInfo implements Command {
                    public ReturnValue run(Object param, CallContext context) {
                        return ReturnValue.success(StandInHost.pmInfo(new StandInHost.PmSizes(%s, %dL, %s, %dL)));
                    }
                }
                """.formatted(
                        taskPackage,
                        sizes.filterCores(),
                        sizes.filterMemoryMb(),
                        sizes.counterCores(),
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
