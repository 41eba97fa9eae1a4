package org.flowstream.placement.construction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.Units;
import org.flowstream.placement.feasibility.LoadLedger;
import org.flowstream.placement.generator.InstanceGenerator;
import org.flowstream.placement.generator.PlacementInstance;
import org.flowstream.placement.solver.PlacementEngine;
import org.junit.jupiter.api.Test;

/**
 * Large NS8000 at 1024 bytes in small: 4 core switches (2 I/O nodes each), 8 aggregation switches, 16
 * racks of 20 servers, and 255 services whose sources send 99.99 % of what the links into the ToRs
 * carry. The round robin, filling racks one after the other, overloads the links into the racks; with
 * the racks chosen first by {@link RackPacking}, the construction alone is feasible.
 */
class RackPackingTest {
    private final Platform platform =
            InstanceGenerator.hierarchicalPlatform("tight", 4, 2, 8, 16, 20, 100 * Units.GBPS);
    private final PlacementInstance instance = InstanceGenerator.generate(platform, 255, 20, 1, 1024);

    @Test
    void theRoundRobinAloneOverloadsTheRacksLinks() {
        assertThat(RackPacking.applies(platform, instance.services())).isTrue();
        LoadLedger ledger = new LoadLedger(platform);
        instance.services().forEach(ledger::register);
        RoundRobinPlacer placer = new RoundRobinPlacer(ledger, 50, 4096);
        for (ServiceGraph ns : instance.services()) placer.place(ns, true);
        assertThat(ledger.report(instance.services()).bandwidth()).isPositive();
    }

    @Test
    void withTheRacksChosenFirstTheInitialSolutionHasNoViolation() {
        PlacementEngine.Outcome outcome =
                PlacementEngine.solve(instance, PlacementEngine.Options.of(Duration.ofSeconds(20), 1));

        assertThat(outcome.rows().get(0).search()).isEqualTo("initial solution");
        assertThat(outcome.rows().get(0).violations().total())
                .as("the construction's violations (the ledger's count)")
                .isZero();
        assertThat(outcome.feasible()).isTrue();
    }

    @Test
    void theSameSeedChoosesTheSameRacks() {
        List<ServiceGraph> services = instance.services();
        int[] first = new RackPacking(platform, services, 7).assign(() -> false);
        int[] second = new RackPacking(platform, services, 7).assign(() -> false);
        assertThat(second).containsExactly(first);
    }
}
