package org.flowstream.placement.solver;

import ai.timefold.solver.core.config.heuristic.selector.entity.EntitySelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.composite.UnionMoveSelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.factory.MoveIteratorFactoryConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.generic.ChangeMoveSelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.generic.SwapMoveSelectorConfig;
import ai.timefold.solver.core.config.localsearch.LocalSearchPhaseConfig;
import ai.timefold.solver.core.config.localsearch.decider.acceptor.LocalSearchAcceptorConfig;
import ai.timefold.solver.core.config.localsearch.decider.forager.LocalSearchForagerConfig;
import ai.timefold.solver.core.config.phase.custom.CustomPhaseConfig;
import ai.timefold.solver.core.config.score.director.ScoreDirectorFactoryConfig;
import ai.timefold.solver.core.config.solver.EnvironmentMode;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;
import java.time.Duration;
import java.util.function.Supplier;
import org.flowstream.placement.constraints.PlacementConstraintProvider;
import org.flowstream.placement.construction.ConstructionListener;
import org.flowstream.placement.construction.GreedyRoundRobinConstruction;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.PlacementSolution;
import org.flowstream.placement.domain.SinkNode;
import org.flowstream.placement.moves.ServiceToRackMoveFactory;
import org.flowstream.placement.moves.SinkIoMoveFactory;

/**
 * The solver: the greedy round robin as a custom phase, then tabu search (entity tabu, as in the
 * paper's Algorithm 1) over four neighbourhoods: move a PM, swap two PMs, move a whole service into
 * one rack, change a sink's I/O node.
 */
public final class PlacementSolverConfig {
    /** Moves evaluated per step; small keeps steps short on big instances, where most moves are neutral. */
    static final int ACCEPTED_COUNT_LIMIT = 100;

    static final int ENTITY_TABU_SIZE = 7;

    private PlacementSolverConfig() {}

    public static SolverConfig create(
            Duration timeLimit,
            long seed,
            boolean stopWhenFeasible,
            int maxRackTries,
            ConstructionListener onConstructed) {
        return create(timeLimit, repairBudget(timeLimit), seed, stopWhenFeasible, maxRackTries, onConstructed);
    }

    /**
     * The ledger-based repair (descent, then annealing) gets nine tenths of the time: on the basic
     * platform with 1024-byte packets it finds placements that Timefold's generic local search does
     * not, and needs the time (docs/placement.md, "Search"). The rest is left to the local search,
     * whose sink moves the repair does not have.
     */
    public static Duration repairBudget(Duration timeLimit) {
        return timeLimit.multipliedBy(9).dividedBy(10);
    }

    /** @param repairBudget time the ledger-based repair of the greedy solution may take before Timefold's local search */
    public static SolverConfig create(
            Duration timeLimit,
            Duration repairBudget,
            long seed,
            boolean stopWhenFeasible,
            int maxRackTries,
            ConstructionListener onConstructed) {
        return create(timeLimit, () -> repairBudget, seed, stopWhenFeasible, maxRackTries, onConstructed);
    }

    public static SolverConfig create(
            Duration timeLimit,
            Supplier<Duration> repairBudget,
            long seed,
            boolean stopWhenFeasible,
            int maxRackTries,
            ConstructionListener onConstructed) {
        TerminationConfig termination = new TerminationConfig().withSpentLimit(timeLimit);
        if (stopWhenFeasible) termination.setBestScoreFeasible(true);
        LocalSearchPhaseConfig localSearch = new LocalSearchPhaseConfig()
                .withAcceptorConfig(new LocalSearchAcceptorConfig().withEntityTabuSize(ENTITY_TABU_SIZE))
                .withForagerConfig(new LocalSearchForagerConfig().withAcceptedCountLimit(ACCEPTED_COUNT_LIMIT))
                .withMoveSelectorConfig(new UnionMoveSelectorConfig()
                        .withMoveSelectors(
                                new ChangeMoveSelectorConfig()
                                        .withEntitySelectorConfig(new EntitySelectorConfig(ModuleNode.class)),
                                new SwapMoveSelectorConfig()
                                        .withEntitySelectorConfig(new EntitySelectorConfig(ModuleNode.class))
                                        .withVariableNameIncludes("server"),
                                new MoveIteratorFactoryConfig()
                                        .withMoveIteratorFactoryClass(ServiceToRackMoveFactory.class),
                                new MoveIteratorFactoryConfig().withMoveIteratorFactoryClass(SinkIoMoveFactory.class)));
        return new SolverConfig()
                .withSolutionClass(PlacementSolution.class)
                .withEntityClasses(ModuleNode.class, SinkNode.class)
                .withScoreDirectorFactory(
                        new ScoreDirectorFactoryConfig().withConstraintProviderClass(PlacementConstraintProvider.class))
                .withRandomSeed(seed)
                // Reproducible with the seed, without the per-phase score re-check of the default mode.
                .withEnvironmentMode(EnvironmentMode.NO_ASSERT)
                .withTerminationConfig(termination)
                .withPhases(
                        new CustomPhaseConfig()
                                .withCustomPhaseCommands(new GreedyRoundRobinConstruction(
                                        maxRackTries, repairBudget, seed, onConstructed)),
                        localSearch);
    }
}
