package org.flowstream.placement.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowstream.placement.domain.IoNode;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceGraphBuilder;
import org.flowstream.placement.domain.Units;

/**
 * Instances of §3.2.4. Where the text gives a figure it is used as given: 40 servers of 8 cores and
 * 2048 MB on one ToR with one I/O node (basic); 32 core, 32 intermediate, 500 ToR switches, 10,000
 * servers, 5 I/O switches per core (large); server-ToR 1 Gbps, internal 10 Gbps, other links 10 Gbps,
 * delay 1 per link; Table 3.1 for the services; 1024-byte packets. What the text leaves open is
 * chosen here and listed in docs/placement.md (wiring of the large platform, I/O link bandwidth,
 * shapes, how many I/O nodes a sink may choose from). Same seed, same instance.
 */
public final class InstanceGenerator {
    public static final int SERVER_CORES_CENTI = 800;
    public static final long SERVER_MEMORY_MB = 2048;
    public static final long SERVER_TOR_BPS = 1 * Units.GBPS;
    public static final long INTERNAL_BPS = 10 * Units.GBPS;
    public static final long OTHER_LINK_BPS = 10 * Units.GBPS;
    /** I/O link default: not given for the basic platform; see docs/placement.md for the large one. */
    public static final long DEFAULT_IO_LINK_BPS = 100 * Units.GBPS;

    public static final int LINK_DELAY = 1;
    /** Two PMs on one server talk over its internal link, counted like any other link. */
    public static final int INTRA_SERVER_DELAY = 1;

    public static final int SINK_CHOICES = 4;

    private InstanceGenerator() {}

    /** §3.2.4.1: one I/O node, one ToR, 40 servers. */
    public static Platform basicPlatform(long ioLinkBps) {
        Platform.Builder b = Platform.builder("basic");
        int io = b.ioNode("io-0");
        int tor = b.switchNode("tor-0");
        b.connect(io, tor, ioLinkBps, LINK_DELAY);
        for (int i = 0; i < 40; i++) {
            int s = b.server("server-" + i, SERVER_CORES_CENTI, SERVER_MEMORY_MB, INTERNAL_BPS, INTRA_SERVER_DELAY);
            b.connect(s, tor, SERVER_TOR_BPS, LINK_DELAY);
        }
        return b.build();
    }

    /**
     * §3.2.4.2: 32 core switches, each with 5 I/O nodes; 32 intermediate switches, each linked to every
     * core switch; 500 ToRs, ToR t linked to intermediate t mod 32; 20 servers per ToR.
     */
    public static Platform largePlatform(long ioLinkBps) {
        return hierarchicalPlatform("large", 32, 5, 32, 500, 20, ioLinkBps);
    }

    public static Platform hierarchicalPlatform(
            String name, int cores, int ioPerCore, int intermediates, int tors, int serversPerTor, long ioLinkBps) {
        Platform.Builder b = Platform.builder(name);
        int[] core = new int[cores];
        for (int c = 0; c < cores; c++) {
            core[c] = b.switchNode("core-" + c);
            for (int j = 0; j < ioPerCore; j++)
                b.connect(b.ioNode("io-" + c + "-" + j), core[c], ioLinkBps, LINK_DELAY);
        }
        int[] mid = new int[intermediates];
        for (int m = 0; m < intermediates; m++) {
            mid[m] = b.switchNode("agg-" + m);
            for (int c = 0; c < cores; c++) b.connect(mid[m], core[c], OTHER_LINK_BPS, LINK_DELAY);
        }
        for (int t = 0; t < tors; t++) {
            int tor = b.switchNode("tor-" + t);
            b.connect(tor, mid[t % intermediates], OTHER_LINK_BPS, LINK_DELAY);
            for (int s = 0; s < serversPerTor; s++) {
                int srv = b.server(
                        "server-" + t + "-" + s,
                        SERVER_CORES_CENTI,
                        SERVER_MEMORY_MB,
                        INTERNAL_BPS,
                        INTRA_SERVER_DELAY);
                b.connect(srv, tor, SERVER_TOR_BPS, LINK_DELAY);
            }
        }
        return b.build();
    }

    /**
     * {@code count} services cycling through the four templates of Table 3.1 (so 44 gives 11 of each).
     * {@code delayBound} 0 means no delay constraint (the basic platform).
     */
    public static PlacementInstance generate(Platform platform, int count, int delayBound, long seed) {
        return generate(platform, count, delayBound, seed, Units.PACKET_BYTES);
    }

    /**
     * As {@link #generate(Platform, int, int, long)} with another packet size: 128 reads the paper's
     * "1024" as bits, the only reading under which its bandwidth columns add up (docs/placement.md).
     */
    public static PlacementInstance generate(Platform platform, int count, int delayBound, long seed, int packetBytes) {
        SplittableRandom random = new SplittableRandom(seed);
        AtomicInteger keys = new AtomicInteger();
        List<ServiceGraph> services = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ServiceTemplate t = ServiceTemplate.TABLE_3_1.get(i % ServiceTemplate.TABLE_3_1.size());
            services.add(instantiate(t, "ns-" + i, platform, delayBound, random, keys, packetBytes));
        }
        return new PlacementInstance(platform, services);
    }

    public static ServiceGraph instantiate(
            ServiceTemplate t,
            String id,
            Platform platform,
            int delayBound,
            SplittableRandom random,
            AtomicInteger keys) {
        return instantiate(t, id, platform, delayBound, random, keys, Units.PACKET_BYTES);
    }

    public static ServiceGraph instantiate(
            ServiceTemplate t,
            String id,
            Platform platform,
            int delayBound,
            SplittableRandom random,
            AtomicInteger keys,
            int packetBytes) {
        List<IoNode> ios = platform.ioNodes();
        ServiceGraphBuilder b = new ServiceGraphBuilder(id, t.name(), keys);
        for (String s : t.sources()) b.source(s, ios.get(random.nextInt(ios.size())));
        for (String pm : t.pmNames()) {
            int cpu = t.cpuChoices().get(random.nextInt(t.cpuChoices().size()));
            int mem = t.memoryMinMb() + random.nextInt(t.memoryMaxMb() - t.memoryMinMb() + 1);
            b.pm(pm, cpu, mem);
        }
        for (String s : t.sinks()) {
            List<IoNode> allowed = new ArrayList<>();
            int choices = Math.min(SINK_CHOICES, ios.size());
            while (allowed.size() < choices) {
                IoNode io = ios.get(random.nextInt(ios.size()));
                if (!allowed.contains(io)) allowed.add(io);
            }
            b.sink(s, allowed);
        }
        // Table 3.1's traffic is the service's rate; each link carries its share of it (see the shapes).
        int pps = t.ppsMin() + random.nextInt(t.ppsMax() - t.ppsMin() + 1);
        for (ServiceTemplate.Flow flow : t.links()) {
            b.link(flow.from(), flow.to(), Math.round(pps * flow.share()) * packetBytes * 8L);
        }
        if (delayBound > 0) b.delayBound(delayBound, t.boundedPath());
        return b.build();
    }
}
