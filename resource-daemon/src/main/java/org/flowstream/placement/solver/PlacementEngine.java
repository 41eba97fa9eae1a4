package org.flowstream.placement.solver;

import ai.timefold.solver.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverConfigOverride;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.flowstream.placement.construction.ConstructionListener;
import org.flowstream.placement.domain.PlacementObjective;
import org.flowstream.placement.domain.PlacementSolution;
import org.flowstream.placement.feasibility.CapacityBounds;
import org.flowstream.placement.feasibility.Infeasibility;
import org.flowstream.placement.feasibility.ViolationEvaluator;
import org.flowstream.placement.feasibility.ViolationReport;
import org.flowstream.placement.generator.PlacementInstance;

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
    public record Options(
            Duration timeLimit,
            long seed,
            PlacementObjective objective,
            boolean stopWhenFeasible,
            List<Duration> checkpoints,
            int maxRackTries) {
        public static Options of(Duration timeLimit, long seed) {
            return new Options(timeLimit, seed, PlacementObjective.TOTAL_DELAY, true, List.of(), 50);
        }
    }

    /** One row of Tables 3.2-3.6. */
    public record Row(String search, ViolationReport violations, double seconds) {}

    /**
     * @param progress    the best violations over time, from every phase (empty when a bound answered)
     * @param repairMoves moves the ledger repairs evaluated (the search's effort, independent of the machine)
     * @param cpuSeconds  CPU time the process spent during the solve (the caller's thread, the second
     *                    annealing search's, and the JVM's own): with {@code repairMoves} the search's speed
     *                    on a machine shared with other work, where wall time mostly measures the others' load
     */
    public record Outcome(
            PlacementSolution best,
            boolean feasible,
            Optional<Infeasibility> provenInfeasible,
            List<Row> rows,
            List<String> explanation,
            double seconds,
            HardSoftLongScore score,
            List<SearchProgress.Point> progress,
            long repairMoves,
            double cpuSeconds) {}

    private PlacementEngine() {}

    private record FactoryKey(long seed, boolean stopWhenFeasible, int maxRackTries) {}

    /**
     * Building a SolverFactory parses the domain and costs tens of milliseconds, more than solving the
     * basic platform; factories are kept per configuration, and the construction phase reports to
     * whichever solve currently holds the entry.
     */
    private static final class CachedFactory {
        final AtomicReference<ConstructionListener> listener = new AtomicReference<>();
        final AtomicReference<Duration> repairBudget = new AtomicReference<>(Duration.ZERO);
        final SolverFactory<PlacementSolution> factory;

        CachedFactory(FactoryKey key) {
            // The time limit is set per solve (SolverConfigOverride), the repair budget read per solve.
            factory = SolverFactory.create(PlacementSolverConfig.create(
                    Duration.ofDays(1),
                    repairBudget::get,
                    key.seed(),
                    key.stopWhenFeasible(),
                    key.maxRackTries(),
                    new ConstructionListener() {
                        @Override
                        public void bestFound(ViolationReport violations) {
                            ConstructionListener l = listener.get();
                            if (l != null) l.bestFound(violations);
                        }

                        @Override
                        public void repairMoves(long moves) {
                            ConstructionListener l = listener.get();
                            if (l != null) l.repairMoves(moves);
                        }
                    }));
        }
    }

    private static final Map<FactoryKey, CachedFactory> FACTORIES = new ConcurrentHashMap<>();

    public static Outcome solve(PlacementInstance instance, Options options) {
        long start = System.nanoTime();
        long cpuStart = PROCESS.getProcessCpuTime();
        Optional<Infeasibility> bound = CapacityBounds.check(instance.platform(), instance.services());
        if (bound.isPresent()) {
            double s = seconds(start);
            return new Outcome(
                    null,
                    false,
                    bound,
                    List.of(),
                    List.of(bound.get().message()),
                    s,
                    null,
                    List.of(),
                    0,
                    cpuSeconds(cpuStart));
        }
        List<Row> rows = new ArrayList<>();
        CachedFactory cached = FACTORIES.computeIfAbsent(
                new FactoryKey(options.seed(), options.stopWhenFeasible(), options.maxRackTries()), CachedFactory::new);
        SearchProgress progress = new SearchProgress(start);
        synchronized (cached) {
            // The construction phase reports the greedy's violations first, then the repair's new bests.
            AtomicLong repairMoves = new AtomicLong();
            cached.listener.set(new ConstructionListener() {
                @Override
                public void bestFound(ViolationReport report) {
                    synchronized (rows) {
                        if (rows.isEmpty()) rows.add(new Row("initial solution", report, seconds(start)));
                    }
                    progress.offer(report);
                }

                @Override
                public void repairMoves(long moves) {
                    repairMoves.addAndGet(moves);
                }
            });
            cached.repairBudget.set(PlacementSolverConfig.repairBudget(options.timeLimit()));
            TerminationConfig termination = new TerminationConfig().withSpentLimit(options.timeLimit());
            if (options.stopWhenFeasible()) termination.setBestScoreFeasible(true);
            try {
                return run(
                        cached.factory.buildSolver(
                                new SolverConfigOverride<PlacementSolution>().withTerminationConfig(termination)),
                        instance,
                        options,
                        rows,
                        progress,
                        repairMoves,
                        start,
                        cpuStart);
            } finally {
                cached.listener.set(null);
            }
        }
    }

    private static Outcome run(
            Solver<PlacementSolution> solver,
            PlacementInstance instance,
            Options options,
            List<Row> rows,
            SearchProgress progress,
            AtomicLong repairMoves,
            long start,
            long cpuStart) {
        // Timefold's new bests (its local search after the repair): evaluated now and then, as the repair reports.
        long[] nextEvaluation = {0};
        solver.addEventListener(event -> {
            long now = System.nanoTime();
            if (now < nextEvaluation[0]) return;
            progress.offer(ViolationEvaluator.evaluate(event.getNewBestSolution()));
            nextEvaluation[0] = System.nanoTime() + 10 * (System.nanoTime() - now);
        });
        PlacementSolution best = solver.solve(instance.toSolution(options.objective()));
        double elapsed = seconds(start);
        ViolationReport finalReport = ViolationEvaluator.evaluate(best);
        progress.offer(finalReport);
        List<Row> table = new ArrayList<>(rows);
        for (Duration at : options.checkpoints()) {
            // The best known at that point of the search, from whichever phase held it; a solve that ended
            // earlier shows its final result.
            SearchProgress.Point p = progress.bestAt(at.toNanos() / 1e9);
            if (p != null)
                table.add(new Row(
                        String.format("best at %.3g s", at.toNanos() / 1e9),
                        p.violations(),
                        Math.min(elapsed, at.toNanos() / 1e9)));
        }
        table.add(new Row("best", finalReport, elapsed));
        List<String> explanation = finalReport.feasible() ? List.of() : ViolationEvaluator.explain(best, 10);
        return new Outcome(
                best,
                finalReport.feasible(),
                Optional.empty(),
                List.copyOf(table),
                explanation,
                elapsed,
                best.getScore(),
                progress.points(),
                repairMoves.get(),
                cpuSeconds(cpuStart));
    }

    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private static double cpuSeconds(long cpuStartNanos) {
        return (PROCESS.getProcessCpuTime() - cpuStartNanos) / 1e9;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
