package org.flowstream.placement.feasibility;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowstream.placement.TestPlatforms;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceGraphBuilder;
import org.flowstream.placement.domain.Units;
import org.flowstream.placement.generator.InstanceGenerator;
import org.flowstream.placement.generator.PlacementInstance;
import org.junit.jupiter.api.Test;

class SplitPackingBoundTest {
    private final AtomicInteger keys = new AtomicInteger();

    /**
     * Soundness: random services placed at random, on servers exactly as large as the fullest one
     * needs (so the placement is feasible and tight in every dimension): the bound must stay silent.
     */
    @Test
    void neverRejectsAnInstanceWithAKnownFeasiblePlacement() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 300; round++) {
            TestPlatforms.FeasibleByConstruction instance = TestPlatforms.feasibleByConstruction(random, keys);
            assertThat(SplitPackingBound.check(instance.tight(), instance.services()))
                    .as("round %d", round)
                    .isEmpty();
        }
    }

    @Test
    void theBasicPlatformWithFullSizePacketsCannotHold44ServicesOrMore() {
        Platform basic = InstanceGenerator.basicPlatform(InstanceGenerator.DEFAULT_IO_LINK_BPS);
        for (int n : new int[] {44, 48, 52}) {
            PlacementInstance instance = InstanceGenerator.generate(basic, n, 0, 1);
            Optional<Infeasibility> r = CapacityBounds.check(basic, instance.services());
            assertThat(r).as("%d services", n).isPresent();
            assertThat(r.get().constraint()).isEqualTo("bandwidth");
            assertThat(r.get().where()).contains("server downlinks");
        }
        Optional<Infeasibility> r44 = CapacityBounds.check(
                basic, InstanceGenerator.generate(basic, 44, 0, 1).services());
        assertThat(r44.get().reason()).contains("40.05 downlinks of 1000 Mbps, the platform has 40");
    }

    @Test
    void staysSilentOnTheInstancesThatAreFeasible() {
        Platform basic = InstanceGenerator.basicPlatform(InstanceGenerator.DEFAULT_IO_LINK_BPS);
        for (int n : new int[] {44, 48, 52}) {
            assertThat(SplitPackingBound.check(
                            basic,
                            InstanceGenerator.generate(basic, n, 0, 1, 128).services()))
                    .isEmpty();
        }
        // 40 services with 1024-byte packets: a feasible placement exists (found offline by a CP solver), the bound
        // must not claim otherwise.
        assertThat(SplitPackingBound.check(
                        basic, InstanceGenerator.generate(basic, 40, 0, 1).services()))
                .isEmpty();
    }

    /** Heavy single entries: 4 x 700 Mbps fit 3 downlinks in total (2800 of 3000) but no two share one. */
    @Test
    void heavyEntriesNeedADownlinkEach() {
        Platform p = TestPlatforms.oneRack(3, 800, 2048, 10 * Units.GBPS, Units.GBPS);
        List<ServiceGraph> services = new ArrayList<>();
        for (int i = 0; i < 4; i++) services.add(chain("heavy-" + i, p, new long[] {100}, 700));
        Optional<Infeasibility> r = CapacityBounds.check(p, services);
        assertThat(r).isPresent();
        assertThat(r.get().where()).contains("server downlinks");
        assertThat(r.get().reason()).contains("at least 4.00 downlinks").contains("the platform has 3");
    }

    /**
     * Memory forces each chain apart (1000 + 1000 + 100 MB > 2048 MB), so each sends 700 Mbps into a
     * second server besides its 700 Mbps entry: 4 heavy loads, 3 servers. CPU, memory and traffic
     * totals all fit.
     */
    @Test
    void splitsForcedByMemoryPutTrafficOnServerLinks() {
        Platform p = TestPlatforms.oneRack(3, 800, 2048, 10 * Units.GBPS, Units.GBPS);
        List<ServiceGraph> services = List.of(
                chain("a", p, new long[] {1000, 1000, 100}, 700), chain("b", p, new long[] {1000, 1000, 100}, 700));
        Optional<Infeasibility> r = CapacityBounds.check(p, services);
        assertThat(r).isPresent();
        assertThat(r.get().reason()).contains("however the services are split").contains("at least 4.00");
        // One chain alone fits (entry on one server, the rest on another).
        assertThat(CapacityBounds.check(p, List.of(chain("c", p, new long[] {1000, 1000, 100}, 700))))
                .isEmpty();
    }

    private ServiceGraph chain(String id, Platform p, long[] memoryMb, long mbps) {
        ServiceGraphBuilder b = new ServiceGraphBuilder(id, "chain", keys);
        b.source("in", p.ioNode("io-0"));
        String prev = "in";
        for (int i = 0; i < memoryMb.length; i++) {
            b.pm("pm" + i, 100, memoryMb[i]);
            b.link(prev, "pm" + i, mbps * Units.BITS_PER_MBPS);
            prev = "pm" + i;
        }
        b.sink("out", List.of(p.ioNode("io-0")));
        b.link(prev, "out", mbps * Units.BITS_PER_MBPS);
        return b.build();
    }
}
