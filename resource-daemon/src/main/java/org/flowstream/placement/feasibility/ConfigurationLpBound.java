package org.flowstream.placement.feasibility;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServiceGraph;

/**
 * The configuration LP over service splits, for platforms of identical servers: a proof that couples the
 * dimensions the split-packing bound takes one at a time.
 *
 * <p>A <em>valuation</em> gives every group (a subset of a service's PMs that fits one server) a value of at least
 * zero. A <em>configuration</em> is what one server can hold: at most one group per service (a group is all the PMs
 * its service has there), fitting the server's CPU, memory, internal bandwidth, downlink and uplink together; let U
 * be the value of the heaviest one. A placement splits each service into groups and puts one configuration on each
 * server, so the values of all its groups add up to at most servers x U, and each service adds at least its
 * least-valued valid split. If these least values add up to more than servers x U, no placement exists.
 *
 * <p>Any valuation gives a sound count; the best ones are the dual solutions of the partition-form configuration LP
 * (rows per group and a convexity row per service, columns = configurations). They are found by box-stabilised
 * cutting planes on that dual (OR-Tools' GLOP solves each box), started from the best threshold dual feasible
 * function, with the heaviest configurations as cuts. The solver's doubles only steer: every candidate valuation is
 * rounded down to integers, its least splits summed exactly and its heaviest configuration found by an exact branch
 * and bound ({@link HeaviestConfiguration}), and only that integer comparison proves anything.
 */
final class ConfigurationLpBound {
    /** Integer units of one value (valuations are rounded down to multiples of 1/SCALE). */
    static final long SCALE = 1L << 30;
    /** Below this share of the servers the start valuation is taken to be too far from a proof to try. */
    static final double START_SHARE = 0.95;

    static final int MAX_ROUNDS = 400;
    /**
     * Platforms of more servers are not tried: the LP has a row per split and a column per group of every service
     * (11717 and 2072 on the basic platform with 52 services), far too many for thousands of services.
     */
    static final int MAX_SERVERS = 64;

    private static final int CUTS_PER_ROUND = 100;
    private static final int GREEDY_PER_ROUND = 40;
    private final java.util.SplittableRandom random = new java.util.SplittableRandom(17);

    private final GroupCatalog catalog;
    private final long servers;
    private MPSolver lp;
    private MPVariable[] pi;
    private final Set<List<Integer>> cuts = new HashSet<>();
    private long bestNumerator;
    private long bestHeaviest = 1;
    private int rounds;

    private ConfigurationLpBound(GroupCatalog catalog, long servers) {
        this.catalog = catalog;
        this.servers = servers;
    }

    /** The dual of the configuration LP with no configuration yet: every split row, the values left free in [0, 1]. */
    private void buildLp() {
        Loader.loadNativeLibraries();
        lp = MPSolver.createSolver("GLOP");
        pi = new MPVariable[catalog.groups()];
        for (int g = 0; g < pi.length; g++) pi[g] = lp.makeNumVar(0, 1, "");
        MPObjective objective = lp.objective();
        objective.setMaximization();
        for (int s = 0; s < catalog.services(); s++) {
            MPVariable least = lp.makeNumVar(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, "");
            objective.setCoefficient(least, 1);
            for (int[] split : catalog.splits.get(s)) {
                MPConstraint row = lp.makeConstraint(Double.NEGATIVE_INFINITY, 0, "");
                row.setCoefficient(least, 1);
                for (int g : split) row.setCoefficient(pi[g], -1);
            }
        }
    }

    /** The proof, if the configuration LP finds one within {@link #MAX_ROUNDS} rounds. */
    static Optional<Infeasibility> check(Platform platform, List<ServiceGraph> services) {
        long[] capacity = SplitPackingBound.alikeServerCapacity(platform);
        if (capacity == null) return Optional.empty();
        long servers = platform.servers().size();
        long pms = services.stream().mapToLong(ns -> ns.pms().size()).sum();
        if (pms <= servers) return Optional.empty(); // each group is worth at most U: nothing to prove
        if (servers > MAX_SERVERS) return Optional.empty();
        GroupCatalog catalog = GroupCatalog.of(services, capacity);
        if (catalog == null) return Optional.empty();
        double[] start = ThresholdStart.best(catalog);
        if (start == null) return Optional.empty();
        ConfigurationLpBound bound = new ConfigurationLpBound(catalog, servers);
        boolean ok = bound.accept(start);
        if (!ok || bound.ratio() < START_SHARE * servers) return Optional.empty();
        return bound.search(start);
    }

    private double ratio() {
        return (double) bestNumerator / bestHeaviest;
    }

    /** Rounds the valuation down to integers and keeps it if its exact count beats the best so far. */
    private boolean accept(double[] valuation) {
        long[] value = integers(valuation);
        HeaviestConfiguration.Result heaviest = HeaviestConfiguration.of(catalog, value);
        if (heaviest.value() == 0) return false;
        long numerator = leastSplits(value);
        if ((double) numerator / heaviest.value() <= ratio()) return false;
        bestNumerator = numerator;
        bestHeaviest = heaviest.value();
        return true;
    }

    private Optional<Infeasibility> search(double[] start) {
        buildLp();
        for (int[] c : GreedyConfigurations.firstFit(catalog, 30, random)) addCut(c);
        double[] centre = scaled(start, (double) bestHeaviest / SCALE);
        double delta = 0.02;
        for (rounds = 0; rounds < MAX_ROUNDS && !proven(); rounds++) {
            for (int g = 0; g < pi.length; g++) pi[g].setBounds(Math.max(0, centre[g] - delta), centre[g] + delta);
            MPSolver.ResultStatus status = lp.solve();
            if (status != MPSolver.ResultStatus.OPTIMAL) break;
            double boxValue = lp.objective().value();
            double[] candidate = new double[pi.length];
            for (int g = 0; g < pi.length; g++) candidate[g] = Math.max(0, pi[g].solutionValue());
            long[] value = integers(candidate);
            // Only configurations over 1 by more than the LP's tolerance are cuts: GLOP's optimum may exceed a row by
            // about 1e-7, and such rows come back as "new" configurations that differ only in tiny groups.
            HeaviestConfiguration.Result heavy =
                    HeaviestConfiguration.search(catalog, value, SCALE + SCALE / 100_000, CUTS_PER_ROUND);
            int added = 0;
            for (int[] c : GreedyConfigurations.of(catalog, candidate, GREEDY_PER_ROUND, random)) {
                double w = 0;
                for (int g : c) w += candidate[g];
                if (w > 1 + 1e-5) added += addCut(c);
            }
            for (int[] c : heavy.heavy()) added += addCut(c);
            if (heavy.value() > SCALE + SCALE / 100_000) added += addCut(heavy.heaviest());
            long numerator = leastSplits(value);
            if (heavy.value() > 0 && (double) numerator / heavy.value() > ratio() + 1e-9) {
                bestNumerator = numerator;
                bestHeaviest = heavy.value();
                centre = scaled(candidate, (double) heavy.value() / SCALE);
                delta = Math.min(delta * 1.5, 0.5);
            } else if (added == 0) {
                if (delta >= 1 || boxValue <= ratio() + 1e-9) break; // the LP's optimum: no better valuation exists
                delta = Math.min(delta * 2, 1);
            } else {
                delta = Math.max(delta * 0.8, 1e-3);
            }
        }
        if (!proven()) return Optional.empty();
        return Optional.of(new Infeasibility(
                "capacity",
                "servers (CPU, memory and both links together)",
                String.format(
                        "however the services are split over servers, their groups need at least %.2f servers, "
                                + "the platform has %d (configuration LP bound: a valuation of the groups under which "
                                + "every split of every service is worth %d/%d in all and no server's groups more "
                                + "than %d/%d, found in %d rounds)",
                        ratio(), servers, bestNumerator, SCALE, bestHeaviest, SCALE, rounds)));
    }

    /** The exact comparison: the least splits are worth more than all servers can hold. */
    private boolean proven() {
        return bestNumerator > Math.multiplyExact(servers, bestHeaviest);
    }

    private int addCut(int[] configuration) {
        List<Integer> key =
                java.util.Arrays.stream(configuration).sorted().boxed().toList();
        if (!cuts.add(key)) return 0;
        MPConstraint row = lp.makeConstraint(Double.NEGATIVE_INFINITY, 1, "");
        for (int g : configuration) row.setCoefficient(pi[g], 1);
        return 1;
    }

    private long leastSplits(long[] value) {
        long sum = 0;
        for (int s = 0; s < catalog.services(); s++) sum += catalog.leastSplit(s, value);
        return sum;
    }

    private static long[] integers(double[] valuation) {
        long[] value = new long[valuation.length];
        for (int g = 0; g < value.length; g++) value[g] = (long) Math.floor(Math.max(0, valuation[g]) * SCALE);
        return value;
    }

    private static double[] scaled(double[] valuation, double divisor) {
        double[] out = new double[valuation.length];
        for (int g = 0; g < out.length; g++) out[g] = valuation[g] / divisor;
        return out;
    }
}
