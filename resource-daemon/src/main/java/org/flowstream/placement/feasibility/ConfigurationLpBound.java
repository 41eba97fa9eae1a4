package org.flowstream.placement.feasibility;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.feasibility.SplitPackingBound.Dimension;
import org.flowstream.placement.feasibility.SplitPackingBound.Groups;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

/**
 * The configuration LP over service splits (Gilmore-Gomory, with column generation), for platforms of
 * identical servers: all server resources at once, where {@link SplitPackingBound} counts one at a time.
 *
 * <p>As there, any placement cuts each service into groups (the PMs it has on one server), and a server
 * holds at most one group of each service, whose loads on its CPU, memory, internal bandwidth, downlink
 * and uplink add up exactly. A <em>configuration</em> is a set of groups of different services that fits
 * one server in all five together. A placement on m servers gives m configurations that cover every PM
 * once, so the LP "cover every PM at least once with as few configurations as possible" is at most m.
 *
 * <p>The proof is read from the LP's dual: weights π (one per PM, at least 0) such that no configuration
 * holds PMs weighing more than U. Any placement's m configurations then hold all the weight, so m is at
 * least Σπ / U. The weights come from the LP restricted to the configurations generated so far; U is the
 * exact maximum over <em>all</em> configurations, found by a branch-and-bound search (the pricing problem
 * of column generation), and a configuration above 1 joins the LP for the next round. Whatever the LP
 * solver returns, the bound is only claimed with a U that the search proved; the solver's numbers only
 * steer which weights are tried. Soundness rests on the two relaxations named above: more coverage than
 * needed is allowed, and delay bounds and the network beyond the server links are ignored.
 *
 * <p>Every limit is a count (rounds, search nodes), never a time, so a run decides the same way on any
 * machine.
 */
public final class ConfigurationLpBound {
    /** Column-generation rounds: each solves the restricted LP once and searches for a better configuration. */
    static final int MAX_ROUNDS = 400;
    /** Search nodes per pricing search; beyond it the search's bound is used as U (weaker, still sound). */
    static final long MAX_PRICING_NODES = 3_000_000;
    /** Services beyond this many make the LP large; the bound stays silent (the large grid has other cuts). */
    static final int MAX_SERVICES = 400;
    /** Below this share of the servers in every resource, no packing argument has a chance; skip the work. */
    static final double MIN_SHARE = 0.70;

    /** Configurations added to the LP per round (the heaviest the pricing search met). */
    static final int COLUMNS_PER_ROUND = 40;

    private static final double EPS = 1e-9;
    private static final int DIMS = 5; // cpu, memory, downlink, uplink, internal bandwidth

    private ConfigurationLpBound() {}

    public static Optional<Infeasibility> check(Platform platform, List<ServiceGraph> services) {
        List<ServerNode> servers = platform.servers();
        long[] linkCapacity = SplitPackingBound.identicalCapacity(servers);
        if (linkCapacity == null || services.size() > MAX_SERVICES) return Optional.empty();
        long[] capacity = Arrays.copyOf(linkCapacity, DIMS);
        capacity[DIMS - 1] = servers.get(0).internalBps();
        Problem problem = Problem.of(services, servers.get(0).internalBps(), linkCapacity, capacity);
        if (problem == null || problem.rows <= servers.size()) return Optional.empty();
        if (System.getenv("LPDEBUG") != null)
            System.err.printf(
                    "rows %d items %d share %.3f%n", problem.rows, problem.items.size(), problem.largestShare());
        if (problem.largestShare() < MIN_SHARE * servers.size()) return Optional.empty();
        return new ColumnGeneration(problem, servers.size()).run();
    }

    /** One possible group: a service's PMs (a bit mask over them) with its loads. */
    private record Item(int service, int mask, int firstRow, long[] load) {}

    /** The rows (one per PM of every service considered) and the groups that fit one server. */
    private static final class Problem {
        final int rows;
        final List<Item> items;
        final int services;
        final long[] capacity;
        private final int[] fullMasks;

        private Problem(int rows, List<Item> items, int services, long[] capacity, int[] fullMasks) {
            this.fullMasks = fullMasks;
            this.rows = rows;
            this.items = items;
            this.services = services;
            this.capacity = capacity;
        }

        /** Null when some PM fits no server on its own: other bounds speak to that. */
        static Problem of(List<ServiceGraph> services, long internalBps, long[] linkCapacity, long[] capacity) {
            List<Item> items = new ArrayList<>();
            int[] fullMasks = new int[services.size()];
            int rows = 0, index = 0;
            for (ServiceGraph ns : services) {
                // Services beyond the subset limit are left out: fewer PMs to cover only relaxes the LP.
                Groups g = Groups.of(ns, internalBps, linkCapacity);
                if (g == null) continue;
                int full = (1 << g.pmCount()) - 1;
                int covered = 0;
                for (int mask = 1; mask <= full; mask++) {
                    if (!g.fits(mask)) continue;
                    long[] load = new long[DIMS];
                    for (Dimension d : Dimension.values()) load[d.ordinal()] = g.load(d.ordinal(), mask);
                    load[DIMS - 1] = g.internal(mask);
                    items.add(new Item(index, mask, rows, load));
                    covered |= mask;
                }
                if (covered != full) return null;
                rows += g.pmCount();
                fullMasks[index++] = full;
            }
            return new Problem(rows, items, index, capacity, fullMasks);
        }

        /** The servers' worth of the PMs' least loads in the fullest resource (each PM alone, the least split). */
        double largestShare() {
            double largest = 0;
            for (int d = 0; d < DIMS; d++) {
                long[] least = new long[rows];
                Arrays.fill(least, Long.MAX_VALUE);
                for (Item it : items) {
                    int pms = Integer.bitCount(it.mask);
                    for (int i = 0; (it.mask >> i) != 0; i++)
                        if ((it.mask >> i & 1) == 1)
                            least[it.firstRow + i] = Math.min(least[it.firstRow + i], it.load[d] / pms);
                }
                double sum = 0;
                for (long l : least) sum += l;
                largest = Math.max(largest, sum / capacity[d]);
            }
            return largest;
        }

        int fullMask(int service) {
            return fullMasks[service];
        }

        double weight(Item it, double[] pi) {
            double w = 0;
            for (int i = 0; (it.mask >> i) != 0; i++) if ((it.mask >> i & 1) == 1) w += pi[it.firstRow + i];
            return w;
        }
    }

    /** The restricted LP, solved in its dual form (weights per PM), and the pricing search between solves. */
    private static final class ColumnGeneration {
        private final Problem problem;
        private final int bins;
        private final List<int[]> columns = new ArrayList<>(); // rows each configuration covers

        ColumnGeneration(Problem problem, int bins) {
            this.problem = problem;
            this.bins = bins;
            // Start from each PM alone (always a configuration: every PM fits a server) and each service whole
            // where it fits; the pricing search adds the rest.
            for (Item it : problem.items) {
                if (Integer.bitCount(it.mask) == 1 || it.mask == problem.fullMask(it.service))
                    columns.add(rowsOf(List.of(it)));
            }
        }

        Optional<Infeasibility> run() {
            for (int round = 0; round < MAX_ROUNDS; round++) {
                double[] pi = solveDual();
                if (pi == null) return Optional.empty();
                double total = 0;
                for (double p : pi) total += p;
                // The restricted LP's optimum is at least the full LP's: at or below the servers, nothing to prove.
                if (System.getenv("LPDEBUG") != null)
                    System.err.printf(
                            "%tT round %d rmp %.4f cols %d%n", new java.util.Date(), round, total, columns.size());
                if (total <= bins + EPS) return Optional.empty();
                Pricing pricing = new Pricing(problem, pi);
                pricing.search();
                double proven = total / Math.max(1.0, pricing.upperBound());
                if (System.getenv("LPDEBUG") != null)
                    System.err.printf(
                            "round %d rmp %.4f best %.4f ub %.4f proven %.4f cut %s%n",
                            round, total, pricing.bestValue, pricing.upperBound(), proven, pricing.cutShort);
                if (proven > bins * (1 + 1e-6)) return Optional.of(infeasibility(proven, round + 1));
                if (pricing.best == null || pricing.bestValue <= 1 + EPS) return Optional.empty();
                for (List<Item> config : pricing.heavy) columns.add(rowsOf(config));
            }
            return Optional.empty();
        }

        private Infeasibility infeasibility(double proven, int rounds) {
            return new Infeasibility(
                    "bandwidth",
                    "servers (CPU, memory, internal bandwidth and both server links together)",
                    String.format(
                            "however the services are split over servers, the PMs each service has on one server "
                                    + "cannot be packed into %d servers: the configuration LP needs at least %.3f "
                                    + "(per-PM weights from %d rounds of column generation; no set of groups that fits "
                                    + "one server weighs more than 1)",
                            bins, proven, rounds));
        }

        private int[] rowsOf(List<Item> config) {
            int[] rows = new int
                    [config.stream().mapToInt(it -> Integer.bitCount(it.mask)).sum()];
            int k = 0;
            for (Item it : config)
                for (int i = 0; (it.mask >> i) != 0; i++) if ((it.mask >> i & 1) == 1) rows[k++] = it.firstRow + i;
            return rows;
        }

        /** max Σπ subject to every known configuration weighing at most 1; null if the solver fails. */
        private double[] solveDual() {
            ExpressionsBasedModel model = new ExpressionsBasedModel();
            Variable[] pi = new Variable[problem.rows];
            for (int r = 0; r < problem.rows; r++)
                pi[r] = model.newVariable("pi" + r).lower(0).upper(1).weight(1);
            for (int c = 0; c < columns.size(); c++) {
                Expression e = model.newExpression("c" + c).upper(1);
                for (int r : columns.get(c)) e.set(pi[r], 1);
            }
            Optimisation.Result result = model.maximise();
            if (!result.getState().isOptimal()) return null;
            double[] values = new double[problem.rows];
            for (int r = 0; r < problem.rows; r++) values[r] = Math.max(0, result.doubleValue(r));
            return values;
        }
    }

    /**
     * The heaviest configuration under weights π: at most one group per service, all five loads within a
     * server. Depth-first over services (heaviest first), pruned by the lesser of two upper bounds on what the
     * remaining services can add: their heaviest groups, and per resource a fractional knapsack of all their
     * groups (each ignores a constraint, so both only overestimate).
     */
    private static final class Pricing {
        private final long[] capacity;
        private final Item[][] byService; // per service in search order, heaviest group first
        private final double[][] weightOf;
        private final double[] suffixHeaviest;
        private final Item[][] byRatio; // per resource, all items by weight per unit of load, best first
        private final double[][] ratioWeight;
        private final int[] searchPosition; // service index -> position in search order
        private final double rootBound;
        private long nodes;
        private boolean cutShort;
        List<Item> best;
        double bestValue;
        /** Up to {@link #COLUMNS_PER_ROUND} configurations weighing more than 1, heaviest kept: the next columns. */
        final java.util.PriorityQueue<Weighed> heaviestFound =
                new java.util.PriorityQueue<>(Comparator.comparingDouble(Weighed::weight));

        List<List<Item>> heavy = List.of();

        private record Weighed(double weight, List<Item> config) {}

        Pricing(Problem problem, double[] pi) {
            capacity = problem.capacity;
            List<List<Item>> lists = new ArrayList<>();
            for (int s = 0; s < problem.services; s++) lists.add(new ArrayList<>());
            for (Item it : problem.items)
                if (problem.weight(it, pi) > EPS) lists.get(it.service).add(it);
            Integer[] order = new Integer[problem.services];
            double[] heaviest = new double[problem.services];
            for (int s = 0; s < problem.services; s++) {
                order[s] = s;
                lists.get(s).sort(Comparator.comparingDouble((Item it) -> -problem.weight(it, pi)));
                heaviest[s] =
                        lists.get(s).isEmpty() ? 0 : problem.weight(lists.get(s).get(0), pi);
            }
            Arrays.sort(order, Comparator.comparingDouble(s -> -heaviest[s]));
            int n = problem.services;
            byService = new Item[n][];
            weightOf = new double[n][];
            searchPosition = new int[n];
            suffixHeaviest = new double[n + 1];
            for (int k = 0; k < n; k++) {
                byService[k] = lists.get(order[k]).toArray(Item[]::new);
                weightOf[k] = Arrays.stream(byService[k])
                        .mapToDouble(it -> problem.weight(it, pi))
                        .toArray();
                searchPosition[order[k]] = k;
            }
            for (int k = n - 1; k >= 0; k--) suffixHeaviest[k] = suffixHeaviest[k + 1] + heaviest[order[k]];
            byRatio = new Item[DIMS][];
            ratioWeight = new double[DIMS][];
            for (int d = 0; d < DIMS; d++) {
                final int dim = d;
                Item[] all = problem.items.stream()
                        .filter(it -> problem.weight(it, pi) > EPS)
                        .sorted(Comparator.comparingDouble(it -> -problem.weight(it, pi) / Math.max(1, it.load[dim])))
                        .toArray(Item[]::new);
                byRatio[d] = all;
                ratioWeight[d] = Arrays.stream(all)
                        .mapToDouble(it -> problem.weight(it, pi))
                        .toArray();
            }
            rootBound = remainingBound(0, new long[DIMS]);
        }

        void search() {
            best = null;
            bestValue = 0;
            cutShort = false;
            dfs(0, new long[DIMS], 0, new ArrayList<>());
            heavy = heaviestFound.stream().map(Weighed::config).toList();
        }

        /** The proven maximum when the search finished, else a bound that holds anyway. */
        double upperBound() {
            return cutShort ? rootBound : bestValue;
        }

        private void dfs(int k, long[] used, double value, List<Item> chosen) {
            if (value > bestValue + EPS) {
                bestValue = value;
                best = List.copyOf(chosen);
            }
            if (value > 1 + EPS
                    && (heaviestFound.size() < COLUMNS_PER_ROUND
                            || value > heaviestFound.peek().weight() + EPS)) {
                heaviestFound.add(new Weighed(value, List.copyOf(chosen)));
                if (heaviestFound.size() > COLUMNS_PER_ROUND) heaviestFound.poll();
            }
            if (k == byService.length) return;
            if (++nodes > MAX_PRICING_NODES) {
                cutShort = true;
                return;
            }
            if (value + remainingBound(k, used) <= bestValue + EPS) return;
            for (int j = 0; j < byService[k].length && !cutShort; j++) {
                Item it = byService[k][j];
                if (!fits(used, it)) continue;
                for (int d = 0; d < DIMS; d++) used[d] += it.load[d];
                chosen.add(it);
                dfs(k + 1, used, value + weightOf[k][j], chosen);
                chosen.remove(chosen.size() - 1);
                for (int d = 0; d < DIMS; d++) used[d] -= it.load[d];
            }
            if (!cutShort) dfs(k + 1, used, value, chosen);
        }

        private boolean fits(long[] used, Item it) {
            for (int d = 0; d < DIMS; d++) if (used[d] + it.load[d] > capacity[d]) return false;
            return true;
        }

        private double remainingBound(int k, long[] used) {
            double bound = suffixHeaviest[k];
            for (int d = 0; d < DIMS && bound > EPS; d++) {
                double room = capacity[d] - used[d];
                double sum = 0;
                for (int j = 0; j < byRatio[d].length && sum < bound; j++) {
                    Item it = byRatio[d][j];
                    if (searchPosition[it.service] < k) continue;
                    if (it.load[d] <= room) {
                        room -= it.load[d];
                        sum += ratioWeight[d][j];
                    } else {
                        sum += ratioWeight[d][j] * room / it.load[d];
                        break;
                    }
                }
                bound = Math.min(bound, sum);
            }
            return bound;
        }
    }
}
