package org.flowstream.placement.feasibility;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The heaviest configuration under integer group values: at most one group of each service, together fitting one
 * server in every dimension (CPU, memory, downlink, uplink, internal bandwidth). An exact depth-first branch and
 * bound (a multiple-choice vector knapsack): services in order of their most valuable group, each either gets one of
 * its groups that still fits or none.
 *
 * <p>Pruning is exact: a group dominated by another group of the same service (worth at least as much, no larger in
 * any dimension) is never needed, and a node is cut only when a Lagrangian bound (for multipliers lam >= 0: what is
 * chosen plus, for each later service, its best value less lam times its shares, plus lam times the room left) cannot
 * exceed the best found. Fits are tested on the integer loads; the bound is summed in doubles with a margin of one
 * value unit, far above their rounding error (values below 2^40), so a cut never loses a heavier configuration.
 */
final class HeaviestConfiguration {
    /** What a search gives up after: it then answers the root's Lagrangian bound instead of the exact value. */
    static final long NODE_LIMIT = 20_000_000;

    /**
     * An upper bound on the heaviest configuration's value (its exact value when {@code exact}), the heaviest
     * configuration found, and the configurations collected.
     */
    record Result(long value, boolean exact, int[] heaviest, List<int[]> heavy) {}

    private final GroupCatalog catalog;
    private final long[] value;
    private int[] order; // candidate groups, class by class, each class by value descending
    private int[] classStart;
    private double[][] share;
    private double[][] lambda;
    private double[][] suffix;
    private final long threshold;
    private final int collect;
    private final List<int[]> heavy = new ArrayList<>();
    private final int[] chosen;
    private int depth;
    private long best = -1;
    private int[] bestChosen = new int[0];
    private long nodes;

    private HeaviestConfiguration(GroupCatalog catalog, long[] value, long threshold, int collect) {
        this.catalog = catalog;
        this.value = value;
        this.threshold = threshold;
        this.collect = collect;
        this.chosen = new int[catalog.services()];
    }

    /** The heaviest configuration under {@code value} (one entry per group of the catalog, never negative). */
    static Result of(GroupCatalog catalog, long[] value) {
        return search(catalog, value, Long.MAX_VALUE, 0);
    }

    /** As {@link #of}, also collecting up to {@code collect} configurations worth more than {@code threshold}. */
    static Result search(GroupCatalog catalog, long[] value, long threshold, int collect) {
        HeaviestConfiguration h = new HeaviestConfiguration(catalog, value, threshold, collect);
        h.prepare();
        long[] room = catalog.capacity.clone();
        h.dfs(0, 0, room);
        if (h.nodes > NODE_LIMIT) return new Result(Math.max(h.best, h.rootBound()), false, h.bestChosen, h.heavy);
        return new Result(h.best, true, h.bestChosen, h.heavy);
    }

    private void prepare() {
        List<List<Integer>> byService = new ArrayList<>();
        for (int s = 0; s < catalog.services(); s++) byService.add(new ArrayList<>());
        for (int g = 0; g < catalog.groups(); g++)
            if (value[g] > 0) byService.get(catalog.service[g]).add(g);
        List<int[]> classes = new ArrayList<>();
        for (List<Integer> groups : byService) {
            int[] kept = undominated(groups);
            if (kept.length > 0) classes.add(kept);
        }
        classes.sort(Comparator.comparingLong((int[] c) -> -value[c[0]]));
        classStart = new int[classes.size() + 1];
        order = new int[classes.stream().mapToInt(c -> c.length).sum()];
        int at = 0;
        for (int k = 0; k < classes.size(); k++) {
            classStart[k] = at;
            for (int g : classes.get(k)) order[at++] = g;
        }
        classStart[classes.size()] = at;
        share = new double[catalog.groups()][];
        for (int g : order) {
            share[g] = new double[GroupCatalog.DIMENSIONS];
            for (int d = 0; d < GroupCatalog.DIMENSIONS; d++)
                share[g][d] = (double) catalog.load[g][d] / catalog.capacity[d];
        }
        lambda = new double[][] {new double[GroupCatalog.DIMENSIONS], multipliers()};
        suffix = new double[lambda.length][classes.size() + 1];
        for (int l = 0; l < lambda.length; l++) {
            for (int k = classes.size() - 1; k >= 0; k--) {
                double m = 0;
                for (int i = classStart[k]; i < classStart[k + 1]; i++) m = Math.max(m, reduced(order[i], lambda[l]));
                suffix[l][k] = suffix[l][k + 1] + m;
            }
        }
    }

    /** A service's groups worth keeping, most valuable first: none is dominated by another of the same service. */
    private int[] undominated(List<Integer> groups) {
        groups.sort(Comparator.comparingLong((Integer g) -> -value[g]).thenComparingInt(g -> g));
        List<Integer> kept = new ArrayList<>();
        for (int g : groups) {
            boolean dominated = false;
            for (int h : kept) {
                boolean smaller = true;
                for (int d = 0; d < GroupCatalog.DIMENSIONS && smaller; d++)
                    smaller = catalog.load[h][d] <= catalog.load[g][d];
                if (smaller) {
                    dominated = true; // h comes first, so it is worth at least as much
                    break;
                }
            }
            if (!dominated) kept.add(g);
        }
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }

    private double reduced(int g, double[] lam) {
        double r = value[g];
        for (int d = 0; d < GroupCatalog.DIMENSIONS; d++) r -= lam[d] * share[g][d];
        return r;
    }

    /**
     * Multipliers that make the Lagrangian bound small at the root: the duals of the capacity rows of the LP relaxation
     * (each group a fraction in [0, 1], at most 1 per service, shares within 1 per dimension), solved by GLOP. Any
     * lam >= 0 gives a valid bound; these only make it tight.
     */
    private double[] multipliers() {
        Loader.loadNativeLibraries();
        MPSolver relaxation = MPSolver.createSolver("GLOP");
        double top = 1;
        for (int g : order) top = Math.max(top, value[g]);
        MPConstraint[] capacityRows = new MPConstraint[GroupCatalog.DIMENSIONS];
        for (int d = 0; d < capacityRows.length; d++) capacityRows[d] = relaxation.makeConstraint(0, 1, "");
        MPObjective objective = relaxation.objective();
        objective.setMaximization();
        for (int k = 0; k + 1 < classStart.length; k++) {
            MPConstraint one = relaxation.makeConstraint(0, 1, "");
            for (int i = classStart[k]; i < classStart[k + 1]; i++) {
                int g = order[i];
                MPVariable x = relaxation.makeNumVar(0, 1, "");
                objective.setCoefficient(x, value[g] / top);
                one.setCoefficient(x, 1);
                for (int d = 0; d < capacityRows.length; d++) capacityRows[d].setCoefficient(x, share[g][d]);
            }
        }
        double[] lam = new double[GroupCatalog.DIMENSIONS];
        if (relaxation.solve() == MPSolver.ResultStatus.OPTIMAL) {
            for (int d = 0; d < lam.length; d++) lam[d] = Math.abs(capacityRows[d].dualValue()) * top;
        }
        relaxation.delete();
        return lam;
    }

    /** The least Lagrangian bound at the root, rounded up with the margin: no configuration is worth more. */
    private long rootBound() {
        double least = Double.POSITIVE_INFINITY;
        for (int l = 0; l < lambda.length; l++) {
            double bound = suffix[l][0];
            for (double x : lambda[l]) bound += x;
            least = Math.min(least, bound);
        }
        return (long) Math.ceil(least) + 1;
    }

    private void dfs(int k, long current, long[] room) {
        if (++nodes > NODE_LIMIT) return;
        if (current > best) {
            best = current;
            bestChosen = Arrays.copyOf(chosen, depth);
        }
        int classes = classStart.length - 1;
        if (k == classes) {
            if (current > threshold && heavy.size() < collect) heavy.add(Arrays.copyOf(chosen, depth));
            return;
        }
        // Cut only what can neither beat the best found nor, while collecting, exceed the threshold.
        long target = heavy.size() < collect ? Math.min(best, threshold) : best;
        for (int l = 0; l < lambda.length; l++) {
            double bound = current + suffix[l][k];
            for (int d = 0; d < GroupCatalog.DIMENSIONS; d++) bound += lambda[l][d] * room[d] / catalog.capacity[d];
            if (bound + 1.0 <= target) return;
        }
        for (int i = classStart[k]; i < classStart[k + 1]; i++) {
            int g = order[i];
            long[] load = catalog.load[g];
            boolean fits = true;
            for (int d = 0; d < GroupCatalog.DIMENSIONS && fits; d++) fits = load[d] <= room[d];
            if (!fits) continue;
            for (int d = 0; d < GroupCatalog.DIMENSIONS; d++) room[d] -= load[d];
            chosen[depth++] = g;
            dfs(k + 1, current + value[g], room);
            depth--;
            for (int d = 0; d < GroupCatalog.DIMENSIONS; d++) room[d] += load[d];
            if (nodes > NODE_LIMIT) return;
        }
        dfs(k + 1, current, room);
    }
}
