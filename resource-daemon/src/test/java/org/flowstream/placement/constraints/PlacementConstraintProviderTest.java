package org.flowstream.placement.constraints;

import ai.timefold.solver.test.api.score.stream.ConstraintVerifier;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowstream.placement.TestPlatforms;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.PlacementSolution;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceGraphBuilder;
import org.flowstream.placement.domain.SinkNode;
import org.flowstream.placement.domain.Units;
import org.junit.jupiter.api.Test;

class PlacementConstraintProviderTest {
    private final ConstraintVerifier<PlacementConstraintProvider, PlacementSolution> verifier =
            ConstraintVerifier.build(
                    new PlacementConstraintProvider(), PlacementSolution.class, ModuleNode.class, SinkNode.class);
    private final Platform platform = TestPlatforms.twoServers();
    private final AtomicInteger keys = new AtomicInteger();

    /** in -> a -> b -> out, with the given traffic on every link and a delay bound (0 = none). */
    private ServiceGraph chain(String id, int cpuA, long memA, int cpuB, long memB, long bps, int bound) {
        ServiceGraphBuilder b = new ServiceGraphBuilder(id, "chain", keys);
        b.source("in", platform.ioNode("io-0"));
        b.pm("a", cpuA, memA);
        b.pm("b", cpuB, memB);
        b.sink("out", List.of(platform.ioNode("io-0"), platform.ioNode("io-1")));
        b.link("in", "a", bps);
        b.link("a", "b", bps);
        b.link("b", "out", bps);
        if (bound > 0) b.delayBound(bound, List.of("in", "a", "b", "out"));
        return b.build();
    }

    private Object[] place(ServiceGraph ns, String serverA, String serverB, String io) {
        ns.pms().get(0).setServer(platform.server(serverA));
        ns.pms().get(1).setServer(platform.server(serverB));
        ns.sinks().get(0).setIoNode(platform.ioNode(io));
        List<Object> facts = new java.util.ArrayList<>();
        facts.addAll(ns.pms());
        facts.addAll(ns.sinks());
        facts.addAll(ns.links());
        facts.addAll(ns.delayBounds());
        return facts.toArray();
    }

    @Test
    void cpuAboveServerCapacityIsPenalizedInHundredthsOfACore() {
        ServiceGraph ns = chain("ns", 500, 100, 500, 100, 0, 0);
        verifier.verifyThat(PlacementConstraintProvider::cpuCapacity)
                .given(place(ns, "s0", "s0", "io-0"))
                .penalizesBy(200);
        verifier.verifyThat(PlacementConstraintProvider::cpuCapacity)
                .given(place(ns, "s0", "s1", "io-0"))
                .penalizesBy(0);
    }

    @Test
    void memoryAboveServerCapacityIsPenalizedInMb() {
        ServiceGraph ns = chain("ns", 100, 1500, 100, 1000, 0, 0);
        verifier.verifyThat(PlacementConstraintProvider::memoryCapacity)
                .given(place(ns, "s1", "s1", "io-0"))
                .penalizesBy(452);
        verifier.verifyThat(PlacementConstraintProvider::memoryCapacity)
                .given(place(ns, "s0", "s1", "io-0"))
                .penalizesBy(0);
    }

    @Test
    void trafficBetweenPmsOnOneServerUsesItsInternalBandwidth() {
        ServiceGraph ns = chain("ns", 100, 100, 100, 100, 12 * Units.GBPS, 0);
        verifier.verifyThat(PlacementConstraintProvider::internalBandwidth)
                .given(place(ns, "s0", "s0", "io-0"))
                .penalizesBy(2000);
        verifier.verifyThat(PlacementConstraintProvider::internalBandwidth)
                .given(place(ns, "s0", "s1", "io-0"))
                .penalizesBy(0);
    }

    @Test
    void trafficIsReservedOnEveryLinkOfItsRoute() {
        // 1.5 Gbps over 1 Gbps server links. Same server: in->s0 and s0->out exceed by 500 each.
        ServiceGraph ns = chain("ns", 100, 100, 100, 100, 1_500_000_000L, 0);
        verifier.verifyThat(PlacementConstraintProvider::linkBandwidth)
                .given(place(ns, "s0", "s0", "io-0"))
                .penalizesBy(1000);
        // Split: tor->s0 carries in->a, s0->tor carries a->b, tor->s1 carries a->b, s1->tor carries b->out.
        verifier.verifyThat(PlacementConstraintProvider::linkBandwidth)
                .given(place(ns, "s0", "s1", "io-0"))
                .penalizesBy(2000);
    }

    @Test
    void loadsOfSeveralServicesAddUpPerLink() {
        ServiceGraph one = chain("one", 100, 100, 100, 100, 600_000_000L, 0);
        ServiceGraph two = chain("two", 100, 100, 100, 100, 600_000_000L, 0);
        Object[] a = place(one, "s0", "s0", "io-0");
        Object[] b = place(two, "s0", "s0", "io-1");
        Object[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b))
                .toArray();
        // tor->s0 carries 1.2 Gbps in, s0->tor 1.2 Gbps out: 200 Mbps over on each.
        verifier.verifyThat(PlacementConstraintProvider::linkBandwidth)
                .given(all)
                .penalizesBy(400);
    }

    @Test
    void delayAboveTheBoundOfAPathIsPenalized() {
        // in->a: io-0->tor->s0 = 2; a->b same server = 1; b->out: s0->tor->io = 2. Total 5.
        ServiceGraph ns = chain("ns", 100, 100, 100, 100, 0, 4);
        verifier.verifyThat(PlacementConstraintProvider::delayBound)
                .given(place(ns, "s0", "s0", "io-0"))
                .penalizesBy(1);
        // a->b across servers: s0->tor->s1 = 2. Total 6.
        verifier.verifyThat(PlacementConstraintProvider::delayBound)
                .given(place(ns, "s0", "s1", "io-0"))
                .penalizesBy(2);
        ServiceGraph loose = chain("loose", 100, 100, 100, 100, 0, 6);
        verifier.verifyThat(PlacementConstraintProvider::delayBound)
                .given(place(loose, "s0", "s1", "io-1"))
                .penalizesBy(0);
    }

    @Test
    void sinkMustUseAnAllowedIoNode() {
        ServiceGraphBuilder b = new ServiceGraphBuilder("ns", "t", keys);
        b.source("in", platform.ioNode("io-0"));
        b.pm("a", 100, 100);
        b.sink("out", List.of(platform.ioNode("io-1")));
        b.link("in", "a", 0);
        b.link("a", "out", 0);
        ServiceGraph ns = b.build();
        ns.pms().get(0).setServer(platform.server("s0"));
        ns.sinks().get(0).setIoNode(platform.ioNode("io-0"));
        verifier.verifyThat(PlacementConstraintProvider::sinkAllowed)
                .given(ns.sinks().get(0))
                .penalizesBy(1);
        ns.sinks().get(0).setIoNode(platform.ioNode("io-1"));
        verifier.verifyThat(PlacementConstraintProvider::sinkAllowed)
                .given(ns.sinks().get(0))
                .penalizesBy(0);
    }

    @Test
    void totalDelayIsTheSumOverAllServiceLinks() {
        ServiceGraph ns = chain("ns", 100, 100, 100, 100, 0, 0);
        verifier.verifyThat(PlacementConstraintProvider::totalDelay)
                .given(place(ns, "s0", "s0", "io-0"))
                .penalizesBy(5);
        verifier.verifyThat(PlacementConstraintProvider::totalDelay)
                .given(place(ns, "s0", "s1", "io-0"))
                .penalizesBy(6);
    }

    @Test
    void maxBandwidthUsageIsTheBusiestLinkInPermille() {
        ServiceGraph ns = chain("ns", 100, 100, 100, 100, 250_000_000L, 0);
        // Server links carry 250 Mbps of 1000: 250 permille; the I/O links 2.5 of 100 Gbps.
        verifier.verifyThat(PlacementConstraintProvider::maxBandwidthUsage)
                .given(place(ns, "s0", "s1", "io-0"))
                .penalizesBy(250);
    }

    @Test
    void aFeasiblePlacementBreaksNoHardConstraint() {
        ServiceGraph ns = chain("ns", 400, 1000, 400, 1000, 500_000_000L, 6);
        verifier.verifyThat()
                .given(place(ns, "s0", "s0", "io-1"))
                // soft: total delay 5 + busiest link 500 permille (both objectives at default weight here)
                .scores(ai.timefold.solver.core.api.score.buildin.hardsoftlong.HardSoftLongScore.of(0, -505));
    }
}
