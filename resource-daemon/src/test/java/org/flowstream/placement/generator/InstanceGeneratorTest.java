package org.flowstream.placement.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.Route;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceLink;
import org.flowstream.placement.domain.Units;
import org.junit.jupiter.api.Test;

class InstanceGeneratorTest {

    @Test
    void basicPlatformIsTheOneOfSection3241() {
        Platform p = InstanceGenerator.basicPlatform(InstanceGenerator.DEFAULT_IO_LINK_BPS);
        assertThat(p.ioNodes()).hasSize(1);
        assertThat(p.racks()).hasSize(1);
        assertThat(p.servers()).hasSize(40).allSatisfy(s -> {
            assertThat(s.cpuCenti()).isEqualTo(800);
            assertThat(s.memoryMb()).isEqualTo(2048);
            assertThat(s.internalBps()).isEqualTo(10 * Units.GBPS);
            assertThat(s.uplink().capacityBps()).isEqualTo(Units.GBPS);
            assertThat(s.downlink().capacityBps()).isEqualTo(Units.GBPS);
        });
    }

    @Test
    void largePlatformHasTheSizesOfSection3242AndShortestRoutes() {
        Platform p = InstanceGenerator.largePlatform(InstanceGenerator.DEFAULT_IO_LINK_BPS);
        assertThat(p.servers()).hasSize(10_000);
        assertThat(p.racks()).hasSize(500);
        assertThat(p.ioNodes()).hasSize(160);
        ServerNode a = p.racks().get(0).get(0);
        ServerNode sameRack = p.racks().get(0).get(1);
        ServerNode sameAgg = p.racks().get(32).get(0);
        ServerNode far = p.racks().get(1).get(0);
        assertThat(p.route(a, a).delay()).isEqualTo(InstanceGenerator.INTRA_SERVER_DELAY);
        assertThat(p.route(a, sameRack).links()).hasSize(2);
        assertThat(p.route(a, sameAgg).links()).hasSize(4);
        assertThat(p.route(a, far).links()).hasSize(6);
        assertThat(p.route(p.ioNodes().get(0), a).links()).hasSize(4);
        assertThat(p.route(a, p.ioNodes().get(7)).delay()).isEqualTo(4);
        // Each link of a route starts where the previous one ended.
        Route r = p.route(a, far);
        for (int i = 1; i < r.links().length; i++)
            assertThat(r.links()[i].from()).isEqualTo(r.links()[i - 1].to());
    }

    @Test
    void equalCostPathsAreSpreadOverCoreSwitches() {
        Platform p = InstanceGenerator.largePlatform(InstanceGenerator.DEFAULT_IO_LINK_BPS);
        java.util.Set<Integer> cores = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            Route r = p.route(p.racks().get(0).get(i), p.racks().get(1).get(i));
            cores.add(r.links()[2].to()); // up, tor->agg, agg->core
        }
        assertThat(cores.size()).isGreaterThan(5);
    }

    @Test
    void servicesFollowTable31() {
        Platform p = InstanceGenerator.basicPlatform(InstanceGenerator.DEFAULT_IO_LINK_BPS);
        PlacementInstance instance = InstanceGenerator.generate(p, 44, 0, 7);
        assertThat(instance.services()).hasSize(44);
        for (ServiceGraph ns : instance.services()) {
            ServiceTemplate t = ServiceTemplate.TABLE_3_1.stream()
                    .filter(x -> x.name().equals(ns.type()))
                    .findFirst()
                    .orElseThrow();
            assertThat(ns.pms()).hasSize(t.pmNames().size());
            assertThat(ns.sources().size() + ns.sinks().size()).isEqualTo(t.ioCount());
            for (ModuleNode pm : ns.pms()) {
                assertThat(t.cpuChoices()).contains(pm.cpuCenti());
                assertThat(pm.memoryMb()).isBetween((long) t.memoryMinMb(), (long) t.memoryMaxMb());
            }
            long maxBps = Units.ppsToBps(t.ppsMax());
            for (ServiceLink l : ns.links()) assertThat(l.trafficBps()).isBetween(0L, maxBps);
        }
        assertThat(instance.services().stream().filter(ns -> ns.type().equals("tunnelling")))
                .hasSize(11);
        assertThat(instance.pmCount()).isEqualTo(11 * (5 + 7 + 3 + 3));
    }

    @Test
    void sameSeedSameInstanceOtherSeedOtherInstance() {
        Platform p = InstanceGenerator.basicPlatform(InstanceGenerator.DEFAULT_IO_LINK_BPS);
        String a = InstanceJson.write(InstanceGenerator.generate(p, 12, 15, 42));
        String b = InstanceJson.write(InstanceGenerator.generate(p, 12, 15, 42));
        String c = InstanceJson.write(InstanceGenerator.generate(p, 12, 15, 43));
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void jsonRoundTripGivesTheSameInstance() throws Exception {
        Platform p = InstanceGenerator.hierarchicalPlatform("small", 2, 2, 2, 4, 3, 10 * Units.GBPS);
        PlacementInstance original = InstanceGenerator.generate(p, 9, 14, 5);
        String json = InstanceJson.write(original);
        PlacementInstance back = InstanceJson.read(json);
        assertThat(InstanceJson.write(back)).isEqualTo(json);
        assertThat(back.pmCount()).isEqualTo(original.pmCount());
        assertThat(back.services().get(3).delayBounds().get(0).bound()).isEqualTo(14);
        assertThat(back.platform().servers()).hasSize(12);
    }

    @Test
    void badInstanceFilesAreRejectedWithAClearMessage() {
        assertThatThrownBy(() -> InstanceJson.read("""
                {"platform":{"name":"x","nodes":[{"name":"a","kind":"router"}],"links":[]},"services":[]}""")).hasMessageContaining("unknown kind router");
        Platform p = InstanceGenerator.basicPlatform(Units.GBPS);
        var b = new org.flowstream.placement.domain.ServiceGraphBuilder("ns", "t", new AtomicInteger());
        b.pm("a", 100, 100);
        b.pm("b", 100, 100);
        b.link("a", "b", 1);
        b.link("b", "a", 1);
        assertThatThrownBy(b::build).hasMessageContaining("cycle");
        assertThat(p.servers()).isNotEmpty();
    }
}
