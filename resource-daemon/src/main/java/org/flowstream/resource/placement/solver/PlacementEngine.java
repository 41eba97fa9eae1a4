package org.flowstream.resource.placement.solver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import ai.timefold.solver.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverConfigOverride;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;
import org.flowstream.resource.placement.domain.PlacementObjective;
import org.flowstream.resource.placement.domain.PlacementSolution;
import org.flowstream.resource.placement.feasibility.CapacityBounds;
import org.flowstream.resource.placement.feasibility.Infeasibility;
import org.flowstream.resource.placement.feasibility.ViolationEvaluator;
import org.flowstream.resource.placement.feasibility.ViolationReport;
import org.flowstream.resource.placement.generator.PlacementInstance;

/**
 * Offline placement of a whole instance: bounds first (a proven-infeasible instance is answered at
 * once), then the Timefold solver. Records the rows of the paper's tables: the initial solution and
 * the best solution at each checkpoint.
 */
public final class PlacementEngine {

    /**
     * @param stopWhenFeasible stop at the first solution without violations (the paper's Algorithm 1
     *                         loops while v(s*) > 0); otherwise keep improving the soft objective
     * @param checkpoints      times at which to report the best solution so far
     */
    public record Options(Duration timeLimit, long seed, PlacementObjective objective, boolean stopWhenFeasible,
                          List<Duration> checkpoints, int maxRackTries) {
        public static Options of(Duration timeLimit, long seed) {
            return new Options(timeLimit, seed, PlacementObjective.TOTAL_DELAY, true, List.of(), 50);
        }
    }

    /** One row of Tables 3.2-3.6. */
    public record Row(String search, ViolationReport violations, double seconds) { }

    public record Outcome(PlacementSolution best, boolean feasible, Optional<Infeasibility> provenInfeasible,
                          List<Row> rows, List<String> explanation, double seconds, HardSoftLongScore score) { }

    private PlacementEngine() {
    }

    private record FactoryKey(long seed, boolean stopWhenFeasible, int maxRackTries) { }

    /**
     * Building a SolverFactory parses the domain and costs tens of milliseconds, more than solving the
     * basic platform; factories are kept per configuration, and the construction phase reports to
     * whichever solve currently holds the entry.
     */
    private static final class CachedFactory {
        final AtomicReference<Consumer<ViolationReport>> listener = new AtomicReference<>();
        final AtomicReference<Duration> repairBudget = new AtomicReference<>(Duration.ZERO);
        final SolverFactory<PlacementSolution> factory;

        CachedFactory(FactoryKey key) {
            // The time limit is set per solve (SolverConfigOverride), the repair budget read per solve.
            factory = SolverFactory.create(PlacementSolverConfig.create(Duration.ofDays(1), repairBudget::get, key.seed(), key.stopWhenFeasible(),
                    key.maxRackTries(), report -> {
                        Consumer<ViolationReport> l = listener.get();
                        if (l != null) l.accept(report);
                    }));
        }
    }

    private static final Map<FactoryKey, CachedFactory> FACTORIES = new ConcurrentHashMap<>();

    public static Outcome solve(PlacementInstance instance, Options options) {
        long start = System.nanoTime();
        Optional<Infeasibility> bound = CapacityBounds.check(instance.platform(), instance.services());
        if (bound.isPresent()) {
            double s = seconds(start);
            return new Outcome(null, false, bound, List.of(), List.of(bound.get().message()), s, null);
        }
        List<Row> rows = new ArrayList<>();
        CachedFactory cached = FACTORIES.computeIfAbsent(
                new FactoryKey(options.seed(), options.stopWhenFeasible(), options.maxRackTries()), CachedFactory::new);
        synchronized (cached) {
            cached.listener.set(report -> { synchronized (rows) { rows.add(new Row("initial solution", report, seconds(start))); } });
            cached.repairBudget.set(PlacementSolverConfig.repairBudget(options.timeLimit()));
            TerminationConfig termination = new TerminationConfig().withSpentLimit(options.timeLimit());
            if (options.stopWhenFeasible()) termination.setBestScoreFeasible(true);
            try {
                return run(cached.factory.buildSolver(new SolverConfigOverride<PlacementSolution>().withTerminationConfig(termination)),
                        instance, options, rows, start);
            } finally {
                cached.listener.set(null);
            }
        }
    }

    private static Outcome run(Solver<PlacementSolution> solver, PlacementInstance instance, Options options, List<Row> rows, long start) {
        AtomicReference<PlacementSolution> latestBest = new AtomicReference<>();
        solver.addEventListener(event -> latestBest.set(event.getNewBestSolution()));
        ScheduledExecutorService checkpoints = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "placement-checkpoints");
            t.setDaemon(true);
            return t;
        });
        for (Duration at : options.checkpoints()) {
            checkpoints.schedule(() -> {
                PlacementSolution best = latestBest.get();
                if (best != null) {
                    Row row = new Row(at.toSeconds() + "s", ViolationEvaluator.evaluate(best), seconds(start));
                    synchronized (rows) { rows.add(row); }
                }
            }, at.toMillis(), TimeUnit.MILLISECONDS);
        }
        PlacementSolution best;
        try {
            best = solver.solve(instance.toSolution(options.objective()));
        } finally {
            checkpoints.shutdownNow();
        }
        double elapsed = seconds(start);
        ViolationReport finalReport = ViolationEvaluator.evaluate(best);
        synchronized (rows) { rows.add(new Row("best", finalReport, elapsed)); }
        List<String> explanation = finalReport.feasible() ? List.of() : ViolationEvaluator.explain(best, 10);
        return new Outcome(best, finalReport.feasible(), Optional.empty(), List.copyOf(rows), explanation, elapsed, best.getScore());
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
