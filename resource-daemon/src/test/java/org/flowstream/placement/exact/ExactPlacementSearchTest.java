package org.flowstream.placement.exact;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowstream.placement.TestPlatforms;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceGraphBuilder;
import org.flowstream.placement.domain.SinkNode;
import org.flowstream.placement.domain.Units;
import org.flowstream.placement.feasibility.LoadLedger;
import org.flowstream.placement.generator.InstanceGenerator;
import org.flowstream.placement.generator.ServiceTemplate;
import org.junit.jupiter.api.Test;

class ExactPlacementSearchTest {
    private static final ExactPlacementSearch.Limits SHORT =
            new ExactPlacementSearch.Limits(1.0, Duration.ofSeconds(60), 1, 1);

    private final AtomicInteger keys = new AtomicInteger();

    /**
     * Soundness of "no placement": random services placed at random (or, with the tightest delay bound,
     * each whole on one server), on servers exactly as large as the fullest one needs, so a placement
     * exists and is tight in every dimension. The exact search must never call such an instance
     * infeasible, and every placement it returns must have zero violations on the ledger.
     */
    @Test
    void neverCallsAnInstanceWithAKnownFeasiblePlacementInfeasible() {
        SplittableRandom random = new SplittableRandom(11);
        Platform roomy = TestPlatforms.oneRack(5, 100_000, 1_000_000, 1000 * Units.GBPS, 1000 * Units.GBPS);
        int found = 0, rounds = 40;
        for (int round = 0; round < rounds; round++) {
            int servers = 2 + random.nextInt(4);
            boolean bounded = round % 2 == 1;
            int packetBytes = random.nextBoolean() ? 1024 : 128;
            List<ServiceGraph> services = new ArrayList<>();
            for (int i = 0, count = 2 + random.nextInt(5); i < count; i++) {
                ServiceTemplate t = ServiceTemplate.TABLE_3_1.get(random.nextInt(4));
                // Bound 6: source-to-sink through 3 PMs on one server (4 links of 1 and two of 1 inside), nothing less.
                services.add(
                        InstanceGenerator.instantiate(t, "ns-" + i, roomy, bounded ? 6 : 0, random, keys, packetBytes));
            }
            LoadLedger ledger = new LoadLedger(roomy);
            for (ServiceGraph ns : services) {
                ledger.register(ns);
                ServerNode whole = roomy.servers().get(random.nextInt(servers));
                for (ModuleNode pm : ns.pms())
                    ledger.assignPm(pm.key(), bounded ? whole : roomy.servers().get(random.nextInt(servers)));
                for (SinkNode s : ns.sinks())
                    ledger.assignSink(s.key(), s.getAllowed().get(0));
            }
            assertThat(ledger.report(services).delay()).isZero();
            Platform tight = TestPlatforms.tightOneRack(roomy, servers, ledger);
            ExactPlacementSearch.Verdict v = ExactPlacementSearch.search(tight, services, Map.of(), SHORT);
            assertThat(v).as("round %d", round).isNotInstanceOf(ExactPlacementSearch.Verdict.NoPlacement.class);
            if (v instanceof ExactPlacementSearch.Verdict.Placement p) {
                found++;
                assertThat(ledgerReport(tight, services, p.serverOfPm()).total())
                        .as("round %d", round)
                        .isZero();
            }
        }
        // The test can tell a search that finds placements from one that never answers.
        assertThat(found).isGreaterThan(rounds / 2);
    }

    /** Given the placement, the search confirms it at once; the hint is renumbered past the symmetry breaking. */
    @Test
    void acceptsAFeasibleHintWhateverTheServersAreNumbered() {
        Platform rack = TestPlatforms.oneRack(4, 800, 2048, 10 * Units.GBPS, Units.GBPS);
        ServiceGraphBuilder b = new ServiceGraphBuilder("chain", "test", keys);
        b.source("in", rack.ioNode("io-0"));
        b.pm("a", 500, 100);
        b.pm("b", 500, 100);
        b.sink("out", List.of(rack.ioNode("io-0")));
        b.link("in", "a", 400_000_000L);
        b.link("a", "b", 400_000_000L);
        b.link("b", "out", 400_000_000L);
        ServiceGraph ns = b.build();
        Map<Integer, ServerNode> hint = new HashMap<>();
        hint.put(ns.pms().get(0).key(), rack.servers().get(3));
        hint.put(ns.pms().get(1).key(), rack.servers().get(2));
        ExactPlacementSearch.Verdict v = ExactPlacementSearch.search(rack, List.of(ns), hint, SHORT);
        assertThat(v).isInstanceOf(ExactPlacementSearch.Verdict.Placement.class);
    }

    /**
     * Two PMs of 5 cores cannot share an 8-core server, and a link between servers costs 2 where a
     * link inside one costs 1: with bound 6 on in -> a -> b -> out the path cannot be met. Proven.
     */
    @Test
    void provesADelayBoundThatCPUSplitsBreak() {
        Platform rack = TestPlatforms.oneRack(3, 800, 2048, 10 * Units.GBPS, Units.GBPS);
        ServiceGraphBuilder b = new ServiceGraphBuilder("split", "test", keys);
        b.source("in", rack.ioNode("io-0"));
        b.pm("a", 500, 100);
        b.pm("b", 500, 100);
        b.sink("out", List.of(rack.ioNode("io-0")));
        b.link("in", "a", 100_000_000L);
        b.link("a", "b", 100_000_000L);
        b.link("b", "out", 100_000_000L);
        b.delayBound(5, List.of("in", "a", "b", "out"));
        ExactPlacementSearch.Verdict bound5 = ExactPlacementSearch.search(rack, List.of(b.build()), Map.of(), SHORT);
        assertThat(bound5).isInstanceOf(ExactPlacementSearch.Verdict.NoPlacement.class);
        assertThat(((ExactPlacementSearch.Verdict.NoPlacement) bound5).why().message())
                .contains("exhaustive CP-SAT search")
                .doesNotContain("Exception");

        ServiceGraphBuilder c = new ServiceGraphBuilder("split6", "test", keys);
        c.source("in", rack.ioNode("io-0"));
        c.pm("a", 500, 100);
        c.pm("b", 500, 100);
        c.sink("out", List.of(rack.ioNode("io-0")));
        c.link("in", "a", 100_000_000L);
        c.link("a", "b", 100_000_000L);
        c.link("b", "out", 100_000_000L);
        c.delayBound(6, List.of("in", "a", "b", "out"));
        assertThat(ExactPlacementSearch.search(rack, List.of(c.build()), Map.of(), SHORT))
                .isInstanceOf(ExactPlacementSearch.Verdict.Placement.class);
    }

    /** A basic cell known to be feasible (found by the annealing with a long limit) is never called infeasible. */
    @Test
    void neverCallsAKnownFeasibleBasicCellInfeasible() {
        Platform basic = InstanceGenerator.basicPlatform(InstanceGenerator.DEFAULT_IO_LINK_BPS);
        var instance = InstanceGenerator.generate(basic, 40, 0, 2, 1024);
        assertThat(ExactPlacementSearch.search(basic, instance.services(), Map.of(), SHORT))
                .isNotInstanceOf(ExactPlacementSearch.Verdict.NoPlacement.class);
    }

    @Test
    void saysWhyTheModelIsNotExactOnAHierarchicalPlatform() {
        Platform large = InstanceGenerator.largePlatform(InstanceGenerator.DEFAULT_IO_LINK_BPS);
        var instance = InstanceGenerator.generate(large, 4, 13, 1, 1024);
        assertThat(ExactPlacementSearch.whyNotExact(large, instance.services())).isPresent();
        assertThat(ExactPlacementSearch.whyNotExact(
                        InstanceGenerator.basicPlatform(InstanceGenerator.DEFAULT_IO_LINK_BPS),
                        InstanceGenerator.generate(
                                        InstanceGenerator.basicPlatform(InstanceGenerator.DEFAULT_IO_LINK_BPS),
                                        40,
                                        0,
                                        1,
                                        1024)
                                .services()))
                .isEmpty();
    }

    private static org.flowstream.placement.feasibility.ViolationReport ledgerReport(
            Platform platform, List<ServiceGraph> services, Map<Integer, ServerNode> serverOfPm) {
        LoadLedger ledger = new LoadLedger(platform);
        for (ServiceGraph ns : services) {
            ledger.register(ns);
            for (ModuleNode pm : ns.pms())
                ledger.assignPm(
                        pm.key(),
                        platform.servers().get(serverOfPm.get(pm.key()).index()));
            for (SinkNode s : ns.sinks())
                ledger.assignSink(s.key(), s.getAllowed().get(0));
        }
        return ledger.report(services);
    }
}
