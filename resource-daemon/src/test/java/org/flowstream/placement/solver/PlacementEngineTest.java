package org.flowstream.placement.solver;

import static org.assertj.core.api.Assertions.assertThat;

import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.solver.EnvironmentMode;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;
import java.time.Duration;
import java.util.List;
import org.flowstream.placement.domain.PlacementObjective;
import org.flowstream.placement.domain.PlacementSolution;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.Units;
import org.flowstream.placement.feasibility.ViolationEvaluator;
import org.flowstream.placement.feasibility.ViolationReport;
import org.flowstream.placement.generator.InstanceGenerator;
import org.flowstream.placement.generator.PlacementInstance;
import org.junit.jupiter.api.Test;

class PlacementEngineTest {
    private final Platform basic = InstanceGenerator.basicPlatform(InstanceGenerator.DEFAULT_IO_LINK_BPS);
    /** 2 cores, 2 I/O nodes each, 2 aggregation switches, 8 racks of 5 servers. */
    private final Platform small = InstanceGenerator.hierarchicalPlatform("small", 2, 2, 2, 8, 5, 10 * Units.GBPS);

    @Test
    void basicPlatformWithFortyFourServicesGetsAFeasiblePlacement() {
        PlacementInstance instance = InstanceGenerator.generate(basic, 44, 0, 1, 128);
        PlacementEngine.Outcome outcome =
                PlacementEngine.solve(instance, PlacementEngine.Options.of(Duration.ofSeconds(20), 1));
        assertThat(outcome.provenInfeasible()).isEmpty();
        assertThat(outcome.feasible())
                .as("violations: %s", outcome.explanation())
                .isTrue();
        assertThat(outcome.score().hardScore()).isZero();
        assertThat(outcome.best().getPms())
                .allSatisfy(pm -> assertThat(pm.getServer()).isNotNull());
        assertThat(outcome.best().getSinks())
                .allSatisfy(s -> assertThat(s.getAllowed()).contains(s.getIoNode()));
        assertThat(outcome.rows().get(0).search()).isEqualTo("initial solution");
    }

    @Test
    void delayBoundsAreMetOnAHierarchicalPlatform() {
        PlacementInstance instance = InstanceGenerator.generate(small, 30, 12, 3);
        PlacementEngine.Outcome outcome =
                PlacementEngine.solve(instance, PlacementEngine.Options.of(Duration.ofSeconds(20), 3));
        assertThat(outcome.feasible())
                .as("violations: %s", outcome.explanation())
                .isTrue();
        assertThat(ViolationEvaluator.evaluate(outcome.best()).delay()).isZero();
    }

    @Test
    void hopelessInstanceIsAnsweredWithABoundInsteadOfASearch() {
        PlacementInstance instance = InstanceGenerator.generate(basic, 80, 0, 1, 128);
        PlacementEngine.Outcome outcome =
                PlacementEngine.solve(instance, PlacementEngine.Options.of(Duration.ofSeconds(60), 1));
        assertThat(outcome.feasible()).isFalse();
        assertThat(outcome.provenInfeasible()).isPresent();
        assertThat(outcome.best()).isNull();
        assertThat(outcome.explanation().get(0)).contains("whole platform");
    }

    /** The text's 1024-byte packets: 44 services are proven not to fit the basic platform, at once (docs/placement.md). */
    @Test
    void basicPlatformWithFortyFourServicesAtFullPacketSizeIsProvenInfeasible() {
        PlacementInstance instance = InstanceGenerator.generate(basic, 44, 0, 1);
        PlacementEngine.Outcome outcome =
                PlacementEngine.solve(instance, PlacementEngine.Options.of(Duration.ofSeconds(60), 1));
        assertThat(outcome.feasible()).isFalse();
        assertThat(outcome.provenInfeasible()).isPresent();
        assertThat(outcome.explanation().get(0))
                .contains("server downlinks")
                .contains("however the services are split");
    }

    @Test
    void sameSeedGivesTheSamePlacement() {
        PlacementInstance a = InstanceGenerator.generate(small, 20, 13, 9);
        PlacementInstance b = InstanceGenerator.generate(small, 20, 13, 9);
        PlacementSolution sa = solveSteps(a, 20);
        PlacementSolution sb = solveSteps(b, 20);
        List<String> pa = sa.getPms().stream().map(pm -> pm.getServer().name()).toList();
        List<String> pb = sb.getPms().stream().map(pm -> pm.getServer().name()).toList();
        assertThat(pa).isEqualTo(pb);
        assertThat(sa.getScore()).isEqualTo(sb.getScore());
    }

    /**
     * The whole offline solve (greedy, descent, annealing) twice on an instance the greedy leaves
     * over capacity (basic NS40, 1024-byte packets, seed 6: 623 over): same placement and same score,
     * since every search phase counts steps and the time limit (not reached) only caps them; and the
     * same number of repair moves, the effort the grid reports beside the time. (Before
     * the descent kept its servers in a hash map of identity hashes, two runs differed.)
     */
    @Test
    void sameSeedGivesTheSameSolveWhenItEndsBeforeTheLimit() {
        PlacementEngine.Outcome a = PlacementEngine.solve(
                InstanceGenerator.generate(basic, 40, 0, 6), PlacementEngine.Options.of(Duration.ofSeconds(60), 6));
        PlacementEngine.Outcome b = PlacementEngine.solve(
                InstanceGenerator.generate(basic, 40, 0, 6), PlacementEngine.Options.of(Duration.ofSeconds(60), 6));
        assertThat(a.rows().get(0).violations().total())
                .as("the greedy leaves work for the repair")
                .isPositive();
        assertThat(a.feasible()).isTrue();
        assertThat(b.feasible()).isTrue();
        assertThat(b.best().getPms().stream().map(pm -> pm.getServer().name()).toList())
                .isEqualTo(a.best().getPms().stream()
                        .map(pm -> pm.getServer().name())
                        .toList());
        assertThat(b.best().getSinks().stream().map(s -> s.getIoNode().name()).toList())
                .isEqualTo(a.best().getSinks().stream()
                        .map(s -> s.getIoNode().name())
                        .toList());
        assertThat(b.score()).isEqualTo(a.score());
        assertThat(a.repairMoves())
                .as("the repair's effort is counted in moves, the same in both runs")
                .isPositive()
                .isEqualTo(b.repairMoves());
    }

    /** Runs the local search under FULL_ASSERT on an overloaded instance: any incremental score corruption fails. */
    @Test
    void incrementalScoreMatchesAFullRecalculationAndTheLedger() {
        Platform tiny = InstanceGenerator.hierarchicalPlatform("tiny", 2, 1, 2, 4, 2, 10 * Units.GBPS);
        PlacementInstance instance = InstanceGenerator.generate(tiny, 12, 11, 4);
        var config = PlacementSolverConfig.create(Duration.ofSeconds(30), Duration.ZERO, 4, false, 3, null)
                .withEnvironmentMode(EnvironmentMode.FULL_ASSERT)
                .withTerminationConfig(new TerminationConfig().withStepCountLimit(10));
        PlacementSolution best = SolverFactory.<PlacementSolution>create(config)
                .buildSolver()
                .solve(instance.toSolution(PlacementObjective.TOTAL_DELAY));
        ViolationReport ledger = ViolationEvaluator.evaluate(best);
        assertThat(-best.getScore().hardScore()).isEqualTo(ledger.total());
    }

    @Test
    void maximumBandwidthUsageCanBeTheObjective() {
        PlacementInstance instance = InstanceGenerator.generate(small, 10, 14, 2);
        var config = PlacementSolverConfig.create(Duration.ofSeconds(5), 2, false, 10, null)
                .withTerminationConfig(new TerminationConfig().withStepCountLimit(50));
        PlacementSolution best = SolverFactory.<PlacementSolution>create(config)
                .buildSolver()
                .solve(instance.toSolution(PlacementObjective.MAX_BANDWIDTH_USAGE));
        assertThat(best.getScore().hardScore()).isZero();
        // Soft is the busiest link in permille and nothing else: total delay is switched off.
        var ledger = ViolationEvaluator.ledgerOf(best);
        long busiest = best.getPlatform().links().stream()
                .mapToLong(l -> ledger.linkLoad(l) * 1000 / l.capacityBps())
                .max()
                .orElseThrow();
        assertThat(-best.getScore().softScore()).isEqualTo(busiest).isBetween(1L, 1000L);
    }

    private static PlacementSolution solveSteps(PlacementInstance instance, int steps) {
        var config = PlacementSolverConfig.create(Duration.ofSeconds(30), Duration.ZERO, 11, false, 5, null)
                .withTerminationConfig(new TerminationConfig().withStepCountLimit(steps));
        return SolverFactory.<PlacementSolution>create(config)
                .buildSolver()
                .solve(instance.toSolution(PlacementObjective.TOTAL_DELAY));
    }
}
