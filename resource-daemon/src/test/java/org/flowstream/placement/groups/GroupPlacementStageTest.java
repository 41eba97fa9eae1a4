package org.flowstream.placement.groups;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.flowstream.placement.feasibility.ViolationReport;
import org.flowstream.placement.generator.InstanceGenerator;
import org.flowstream.placement.generator.InstanceJson;
import org.junit.jupiter.api.Test;

class GroupPlacementStageTest {
    private final AtomicInteger keys = new AtomicInteger();

    /**
     * Random services placed at random on a rack whose servers are then shrunk to exactly what the
     * fullest one needs in every dimension: a feasible placement exists and is tight. The stage must
     * find one that the ledger confirms.
     */
    @Test
    void findsAPlacementTheLedgerConfirmsOnInstancesFeasibleByConstruction() {
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 40; round++) {
            TestPlatforms.FeasibleByConstruction instance = TestPlatforms.feasibleByConstruction(random, keys);
            Platform tight = instance.tight();
            List<ServiceGraph> services = new ArrayList<>();
            for (ServiceGraph ns : instance.services())
                services.add(InstanceJson.serviceFrom(InstanceJson.serviceJson(ns), tight, keys));
            LoadLedger ledger = ledgerOf(tight, services);

            GroupPlacementStage stage =
                    GroupPlacementStage.of(ledger, services, Set.of(), round).orElseThrow();

            assertThat(stage.run(5_000_000, () -> false)).as("round %d", round).isZero();
            assertThat(ledger.report(services).total()).as("round %d", round).isZero();
            for (ServiceGraph ns : services)
                for (ModuleNode pm : ns.pms())
                    assertThat(ledger.serverOf(pm.key())).isNotNull();
        }
    }

    @Test
    void appliesOnlyToOneRackOfIdenticalServersWithoutPinnedPmsOrDelayBounds() {
        Platform rack = TestPlatforms.oneRack(4, 800, 2048, 10 * Units.GBPS, Units.GBPS);
        List<ServiceGraph> plain = List.of(chain(rack, "a", 400, false));
        assertThat(GroupPlacementStage.of(ledgerOf(rack, plain), plain, Set.of(), 1))
                .isPresent();
        assertThat(GroupPlacementStage.of(
                        ledgerOf(rack, plain),
                        plain,
                        Set.of(plain.get(0).pms().get(0).key()),
                        1))
                .isEmpty();
        List<ServiceGraph> bounded = List.of(chain(rack, "b", 400, true));
        assertThat(GroupPlacementStage.of(ledgerOf(rack, bounded), bounded, Set.of(), 1))
                .isEmpty();

        Platform twoRacks = InstanceGenerator.hierarchicalPlatform("two", 1, 1, 1, 2, 2, Units.GBPS);
        List<ServiceGraph> there = List.of(chain(twoRacks, "c", 400, false));
        assertThat(GroupPlacementStage.of(ledgerOf(twoRacks, there), there, Set.of(), 1))
                .isEmpty();

        Platform.Builder b = Platform.builder("unlike");
        int io = b.ioNode("io-0");
        int tor = b.switchNode("tor");
        b.connect(io, tor, 100 * Units.GBPS, 1);
        b.connect(b.server("s0", 800, 2048, 10 * Units.GBPS, 1), tor, Units.GBPS, 1);
        b.connect(b.server("s1", 800, 4096, 10 * Units.GBPS, 1), tor, Units.GBPS, 1);
        Platform unlike = b.build();
        List<ServiceGraph> onUnlike = List.of(chain(unlike, "d", 400, false));
        assertThat(GroupPlacementStage.of(ledgerOf(unlike, onUnlike), onUnlike, Set.of(), 1))
                .isEmpty();
    }

    /**
     * The I/O node's link into the switch is too thin for the traffic, which no placement changes: the
     * group model (server side only) finds a placement, the ledger finds it no better than the one it
     * had (each service whole on a server of its own, equally free of server violations), and that one
     * stays.
     */
    @Test
    void aPlacementTheLedgerDoesNotFindBetterIsNotKept() {
        Platform thin = thinIoLink(3);
        List<ServiceGraph> services = List.of(chain(thin, "a", 900, false), chain(thin, "b", 900, false));
        LoadLedger ledger = ledgerOf(thin, services);
        Map<Integer, ServerNode> before = new HashMap<>();
        for (int s = 0; s < services.size(); s++)
            for (ModuleNode pm : services.get(s).pms()) {
                ledger.assignPm(pm.key(), thin.servers().get(2 - s));
                before.put(pm.key(), thin.servers().get(2 - s));
            }
        long total = ledger.report(services).total();
        assertThat(total).as("the I/O link").isPositive();

        GroupPlacementStage stage =
                GroupPlacementStage.of(ledger, services, Set.of(), 1).orElseThrow();

        assertThat(stage.run(1_000_000, () -> false)).isEqualTo(total);
        assertThat(stage.searchViolation()).as("the server side fits").isZero();
        for (ServiceGraph ns : services)
            for (ModuleNode pm : ns.pms()) assertThat(ledger.serverOf(pm.key())).isEqualTo(before.get(pm.key()));
        assertThat(ledger.report(services).total()).isEqualTo(total);
    }

    /** Three services of 1800 MB on two servers of 2048 MB cannot fit; the search's best still beats all on one. */
    @Test
    void aBetterPlacementWithViolationsLeftIsHandedOn() {
        Platform rack = TestPlatforms.oneRack(2, 800, 2048, 10 * Units.GBPS, Units.GBPS);
        List<ServiceGraph> services =
                List.of(chain(rack, "a", 900, false), chain(rack, "b", 900, false), chain(rack, "c", 900, false));
        LoadLedger ledger = ledgerOf(rack, services);
        for (ServiceGraph ns : services)
            for (ModuleNode pm : ns.pms())
                ledger.assignPm(pm.key(), rack.servers().get(0));
        long total = ledger.report(services).total();

        GroupPlacementStage stage =
                GroupPlacementStage.of(ledger, services, Set.of(), 1).orElseThrow();
        long left = stage.run(200_000, () -> false);

        assertThat(left).isPositive().isLessThan(total);
        assertThat(ledger.report(services).total()).isEqualTo(left).isEqualTo(stage.searchViolation());
    }

    /**
     * The stage tells the solve's progress about its bests while it runs, in the ledger's units: with
     * an I/O link over capacity (which no placement changes) and servers too small for every service,
     * the last report is exactly what the ledger counts for the placement the stage hands on, and the
     * reports only go down.
     */
    @Test
    void progressReportsCountAsTheLedgerDoesIncludingLinksAwayFromTheServers() {
        Platform thin = thinIoLink(2);
        List<ServiceGraph> services =
                List.of(chain(thin, "a", 900, false), chain(thin, "b", 900, false), chain(thin, "c", 900, false));
        LoadLedger ledger = ledgerOf(thin, services);
        for (ServiceGraph ns : services)
            for (ModuleNode pm : ns.pms())
                ledger.assignPm(pm.key(), thin.servers().get(0));
        long before = ledger.report(services).total();
        List<ViolationReport> reports = new ArrayList<>();

        long left = GroupPlacementStage.of(ledger, services, Set.of(), 1)
                .orElseThrow()
                .run(200_000, () -> false, reports::add);

        assertThat(left).isPositive().isLessThan(before);
        assertThat(reports).isNotEmpty();
        assertThat(reports.get(reports.size() - 1)).isEqualTo(ledger.report(services));
        for (int i = 1; i < reports.size(); i++)
            assertThat(reports.get(i).total())
                    .isLessThanOrEqualTo(reports.get(i - 1).total());
    }

    /** One rack of {@code servers} servers behind an I/O link of 50 Mbps, too thin for any of the tests' services. */
    private static Platform thinIoLink(int servers) {
        Platform.Builder b = Platform.builder("thin");
        int io = b.ioNode("io-0");
        int tor = b.switchNode("tor");
        b.connect(io, tor, 50 * Units.BITS_PER_MBPS, 1);
        for (int i = 0; i < servers; i++)
            b.connect(b.server("s" + i, 800, 2048, 10 * Units.GBPS, 1), tor, Units.GBPS, 1);
        return b.build();
    }

    private static LoadLedger ledgerOf(Platform platform, List<ServiceGraph> services) {
        LoadLedger ledger = new LoadLedger(platform);
        for (ServiceGraph ns : services) {
            ledger.register(ns);
            for (SinkNode s : ns.sinks())
                ledger.assignSink(s.key(), s.getAllowed().get(0));
        }
        return ledger;
    }

    /** Two PMs of {@code memoryMb} each, 100 Mbps through them. */
    private ServiceGraph chain(Platform p, String id, long memoryMb, boolean delayBound) {
        ServiceGraphBuilder b = new ServiceGraphBuilder(id, "chain", keys);
        String io = p.ioNodes().get(0).name();
        b.source("in", p.ioNode(io));
        b.pm("pm0", 100, memoryMb);
        b.pm("pm1", 100, memoryMb);
        b.sink("out", List.of(p.ioNode(io)));
        b.link("in", "pm0", 100 * Units.BITS_PER_MBPS);
        b.link("pm0", "pm1", 100 * Units.BITS_PER_MBPS);
        b.link("pm1", "out", 100 * Units.BITS_PER_MBPS);
        if (delayBound) b.delayBound(20, List.of("in", "pm0", "pm1", "out"));
        return b.build();
    }
}
