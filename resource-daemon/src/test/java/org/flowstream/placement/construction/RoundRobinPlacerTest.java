package org.flowstream.placement.construction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowstream.placement.TestPlatforms;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceGraphBuilder;
import org.flowstream.placement.domain.Units;
import org.flowstream.placement.feasibility.LoadLedger;
import org.junit.jupiter.api.Test;

class RoundRobinPlacerTest {
    private final Platform platform = TestPlatforms.twoServers();
    private final AtomicInteger keys = new AtomicInteger();

    private ServiceGraph chain(String id, int cpu, long bps) {
        ServiceGraphBuilder b = new ServiceGraphBuilder(id, "chain", keys);
        b.source("in", platform.ioNode("io-0"));
        b.pm("a", cpu, 100);
        b.pm("b", cpu, 100);
        b.pm("c", cpu, 100);
        b.sink("out", List.of(platform.ioNode("io-0"), platform.ioNode("io-1")));
        b.link("in", "a", bps);
        b.link("a", "b", bps);
        b.link("b", "c", bps);
        b.link("c", "out", bps);
        return b.build();
    }

    @Test
    void chainedPmsShareAServerWhileTheyFit() {
        LoadLedger ledger = new LoadLedger(platform);
        ServiceGraph ns = chain("one", 200, 300 * Units.BITS_PER_MBPS);
        ledger.register(ns);
        RoundRobinPlacer placer = new RoundRobinPlacer(ledger, 1, 10);
        assertThat(placer.place(ns, false)).isEqualTo(RoundRobinPlacer.Outcome.FITTED);
        assertThat(ns.pms()).extracting(pm -> ledger.serverOf(pm.key())).containsOnly(platform.server("s0"));
        // Only ingress and egress cross the server link; a->b->c stays inside.
        assertThat(ledger.linkLoad(platform.server("s0").downlink())).isEqualTo(300 * Units.BITS_PER_MBPS);
        assertThat(ledger.internalUsed(platform.server("s0"))).isEqualTo(600 * Units.BITS_PER_MBPS);
        assertThat(ledger.report(List.of(ns)).feasible()).isTrue();
    }

    @Test
    void ledgerDeltasAreUndoneExactly() {
        LoadLedger ledger = new LoadLedger(platform);
        ServiceGraph ns = chain("big", 500, 800 * Units.BITS_PER_MBPS);
        ledger.register(ns);
        long d1 = ledger.assignPm(ns.pms().get(0).key(), platform.server("s0"));
        long d2 = ledger.assignPm(ns.pms().get(1).key(), platform.server("s0"));
        assertThat(d1).isZero();
        assertThat(d2).isEqualTo(200); // 10 cores on an 8-core server
        assertThat(ledger.unassignPm(ns.pms().get(1).key())).isEqualTo(-200);
        assertThat(ledger.unassignPm(ns.pms().get(0).key())).isZero();
        assertThat(ledger.report(List.of(ns)).total()).isZero();
        assertThat(ledger.linkLoad(platform.server("s0").downlink())).isZero();
    }

    @Test
    void aServiceThatCannotFitIsLeftUnplacedOrPlacedWithItsViolations() {
        LoadLedger ledger = new LoadLedger(platform);
        ServiceGraph ns = chain("huge", 600, 0);
        ledger.register(ns);
        RoundRobinPlacer placer = new RoundRobinPlacer(ledger, 1, 10);
        assertThat(placer.place(ns, false)).isEqualTo(RoundRobinPlacer.Outcome.DID_NOT_FIT);
        assertThat(ns.pms())
                .allSatisfy(pm -> assertThat(ledger.serverOf(pm.key())).isNull());
        assertThat(placer.place(ns, true)).isEqualTo(RoundRobinPlacer.Outcome.PLACED_WITH_VIOLATIONS);
        // Two PMs of 6 cores take one server each; the third adds 6 cores to an 8-core server already at 6.
        assertThat(ledger.report(List.of(ns)).cpu()).isEqualTo(400);
    }
}
