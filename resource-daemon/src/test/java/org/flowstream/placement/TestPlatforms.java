package org.flowstream.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.SinkNode;
import org.flowstream.placement.domain.Units;
import org.flowstream.placement.feasibility.LoadLedger;
import org.flowstream.placement.generator.InstanceGenerator;
import org.flowstream.placement.generator.ServiceTemplate;

/** Small platforms for tests. */
public final class TestPlatforms {
    private TestPlatforms() {}

    /** io-0 and io-1 on one ToR (100 Gbps, delay 1) with two servers (8 cores, 2048 MB, 1 Gbps, delay 1, 10 Gbps inside, intra delay 1). */
    public static Platform twoServers() {
        Platform.Builder b = Platform.builder("test");
        int io0 = b.ioNode("io-0");
        int io1 = b.ioNode("io-1");
        int tor = b.switchNode("tor");
        b.connect(io0, tor, 100 * Units.GBPS, 1);
        b.connect(io1, tor, 100 * Units.GBPS, 1);
        for (int i = 0; i < 2; i++) {
            int s = b.server("s" + i, 800, 2048, 10 * Units.GBPS, 1);
            b.connect(s, tor, Units.GBPS, 1);
        }
        return b.build();
    }

    /** io-0 on one ToR (1000 Gbps, delay 1) with {@code servers} identical servers (intra delay 1, link delay 1). */
    public static Platform oneRack(int servers, long cpu, long mem, long internalBps, long linkBps) {
        Platform.Builder b = Platform.builder("rack");
        int io = b.ioNode("io-0");
        int tor = b.switchNode("tor");
        b.connect(io, tor, 1000 * Units.GBPS, 1);
        for (int i = 0; i < servers; i++) b.connect(b.server("s" + i, (int) cpu, mem, internalBps, 1), tor, linkBps, 1);
        return b.build();
    }

    /**
     * The first {@code servers} servers of {@code roomy} shrunk to exactly what the fullest of them
     * uses on the ledger, in every dimension: the ledger's placement stays feasible and is tight.
     */
    public static Platform tightOneRack(
            Platform roomy, int servers, org.flowstream.placement.feasibility.LoadLedger ledger) {
        long cpu = 1, mem = 1, internal = 1, link = 1;
        for (org.flowstream.placement.domain.ServerNode s : roomy.servers().subList(0, servers)) {
            cpu = Math.max(cpu, ledger.cpuUsed(s));
            mem = Math.max(mem, ledger.memoryUsed(s));
            internal = Math.max(internal, ledger.internalUsed(s));
            link = Math.max(link, Math.max(ledger.linkLoad(s.uplink()), ledger.linkLoad(s.downlink())));
        }
        return oneRack(servers, cpu, mem, internal, link);
    }

    /**
     * An instance with a known feasible placement: {@code services} (on the roomy rack's nodes) and {@code tight}, a
     * rack on which they fit exactly.
     */
    public record FeasibleByConstruction(List<ServiceGraph> services, Platform tight) {}

    /**
     * 2-10 random services of Table 3.1's templates (1024- or 128-byte packets) on a roomy rack, their PMs placed
     * at random on its first 2-6 servers, and those servers shrunk to exactly what the fullest of them uses
     * ({@link #tightOneRack}): a feasible placement exists and is tight in every dimension.
     */
    public static FeasibleByConstruction feasibleByConstruction(SplittableRandom random, AtomicInteger keys) {
        Platform roomy = oneRack(6, 100_000, 1_000_000, 1000 * Units.GBPS, 1000 * Units.GBPS);
        int servers = 2 + random.nextInt(5);
        int count = 2 + random.nextInt(9);
        int packetBytes = random.nextBoolean() ? 1024 : 128;
        List<ServiceGraph> services = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ServiceTemplate t = ServiceTemplate.TABLE_3_1.get(random.nextInt(4));
            services.add(InstanceGenerator.instantiate(t, "ns-" + i, roomy, 0, random, keys, packetBytes));
        }
        LoadLedger ledger = new LoadLedger(roomy);
        for (ServiceGraph ns : services) {
            ledger.register(ns);
            for (ModuleNode pm : ns.pms())
                ledger.assignPm(pm.key(), roomy.servers().get(random.nextInt(servers)));
            for (SinkNode s : ns.sinks())
                ledger.assignSink(s.key(), s.getAllowed().get(0));
        }
        return new FeasibleByConstruction(services, tightOneRack(roomy, servers, ledger));
    }
}
