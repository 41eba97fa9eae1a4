package org.flowstream.placement.feasibility;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowstream.placement.TestPlatforms;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceGraphBuilder;
import org.flowstream.placement.domain.Units;
import org.flowstream.placement.generator.InstanceGenerator;
import org.flowstream.placement.generator.PlacementInstance;
import org.junit.jupiter.api.Test;

class CapacityBoundsTest {
    private final Platform platform = TestPlatforms.twoServers();
    private final AtomicInteger keys = new AtomicInteger();

    private ServiceGraph single(String id, int cpu, long mem, long bps, int bound) {
        ServiceGraphBuilder b = new ServiceGraphBuilder(id, "t", keys);
        b.source("in", platform.ioNode("io-0"));
        b.pm("a", cpu, mem);
        b.sink("out", List.of(platform.ioNode("io-1")));
        b.link("in", "a", bps);
        b.link("a", "out", bps);
        if (bound > 0) b.delayBound(bound, List.of("in", "a", "out"));
        return b.build();
    }

    @Test
    void aPmBiggerThanEveryServerIsReportedWithItsName() {
        Optional<Infeasibility> r = CapacityBounds.check(platform, List.of(single("big", 900, 100, 0, 0)));
        assertThat(r).isPresent();
        assertThat(r.get().constraint()).isEqualTo("cpu");
        assertThat(r.get().message()).contains("big/a").contains("9.00 cores").contains("8.00");
    }

    @Test
    void totalMemoryIsChecked() {
        Optional<Infeasibility> r = CapacityBounds.check(
                platform,
                List.of(single("x", 100, 1500, 0, 0), single("y", 100, 1500, 0, 0), single("z", 100, 1500, 0, 0)));
        assertThat(r).isPresent();
        assertThat(r.get().constraint()).isEqualTo("memory");
        assertThat(r.get().reason()).contains("4500 MB").contains("4096 MB");
    }

    @Test
    void binPackingBoundCatchesWhatTotalsMiss() {
        // Three PMs of 5 cores: 15 of 16 cores in total, but no two fit one 8-core server.
        Optional<Infeasibility> r = CapacityBounds.check(
                platform, List.of(single("x", 500, 10, 0, 0), single("y", 500, 10, 0, 0), single("z", 500, 10, 0, 0)));
        assertThat(r).isPresent();
        assertThat(r.get().reason()).contains("bin packing").contains("3 servers");
        assertThat(CapacityBounds.binPackingLowerBound(new long[] {5, 5, 5}, 8)).isEqualTo(3);
        assertThat(CapacityBounds.binPackingLowerBound(new long[] {4, 4, 4, 4}, 8))
                .isEqualTo(2);
    }

    @Test
    void trafficThatCannotEnterTheServersIsCaught() {
        Optional<Infeasibility> r = CapacityBounds.check(platform, List.of(single("x", 100, 10, 1_200_000_000L, 0)));
        assertThat(r).isPresent();
        assertThat(r.get().constraint()).isEqualTo("bandwidth");
        assertThat(r.get().reason()).contains("1200 Mbps").contains("1000 Mbps");
    }

    @Test
    void delayBoundBelowTheShortestRouteIsCaught() {
        // io->tor->server = 2 and back = 2: 4 at least.
        Optional<Infeasibility> r = CapacityBounds.check(platform, List.of(single("x", 100, 10, 0, 3)));
        assertThat(r).isPresent();
        assertThat(r.get().constraint()).isEqualTo("delay");
        assertThat(r.get().reason()).contains("at least 4");
        assertThat(CapacityBounds.check(platform, List.of(single("y", 100, 10, 0, 4))))
                .isEmpty();
    }

    @Test
    void generatedInstancesBeyondCapacityAreProvenInfeasible() {
        Platform basic = InstanceGenerator.basicPlatform(InstanceGenerator.DEFAULT_IO_LINK_BPS);
        PlacementInstance tooMany = InstanceGenerator.generate(basic, 70, 0, 1, 128);
        assertThat(CapacityBounds.check(basic, tooMany.services())).isPresent();
        PlacementInstance fits = InstanceGenerator.generate(basic, 20, 0, 1, 128);
        assertThat(CapacityBounds.check(basic, fits.services())).isEmpty();
    }

    @Test
    void ioLinksOfTenGbpsCannotCarryFourThousandServicesAtFullPacketSize() {
        Platform large = InstanceGenerator.largePlatform(10 * Units.GBPS);
        PlacementInstance instance = InstanceGenerator.generate(large, 4000, 13, 1);
        Optional<Infeasibility> r = CapacityBounds.check(large, instance.services());
        assertThat(r).isPresent();
        assertThat(r.get().where()).startsWith("I/O node");
    }
}
