package org.flowstream.placement.groups;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Simulated annealing over splits and groups on a {@link OneRackShape}: the state is a valid split per
 * service and a server per group, two groups of one service never on one server (that would be
 * another split). A server's load is the sum of its groups' load vectors, so a move costs a few
 * additions, not route walks. Moves: a group to another server; a swap of two groups of different
 * services; a <em>re-split</em>, where a service takes another of its valid splits (favouring those with
 * little link traffic) and its new groups go, largest first, where they add least. Accepted by the
 * Metropolis rule on the total violation ({@link ServerLoads}).
 *
 * <p>Every length is a count of moves, never of time: the same services and seed give the same
 * placement whenever the search ends before its move budget or its caller's stop signal.
 */
public final class GroupSearch {
    /** How the search spends its moves. */
    public record Schedule(
            double startTemperature, double endTemperature, long movesPerCooling, int resplitOneIn, double swapShare) {
        public static final Schedule DEFAULT = new Schedule(40, 0.3, 3_000_000, 20, 0.4);
    }

    private static final int RESOURCES = OneRackShape.Resource.values().length;

    private final ServiceSplits[] services;
    private final ServerLoads loads;
    private final Schedule schedule;
    private final SplittableRandom random;
    private final long[] capacity;
    /** vector[s][mask]: the load of group {@code mask} of service s per resource. */
    private final long[][][] vector;

    private final int[] split;
    /** server[s][g]: the server of group g of service s's current split. */
    private final int[][] server;
    /** occupied[s][t]: service s has a group on server t. */
    private final boolean[][] occupied;

    private long moves;
    private long bestTotal = Long.MAX_VALUE;
    private int[] bestSplit;
    private int[][] bestServer;

    public GroupSearch(List<ServiceSplits> services, OneRackShape shape, long seed, Schedule schedule) {
        int servers = shape.servers();
        this.services = services.toArray(ServiceSplits[]::new);
        this.loads = new ServerLoads(shape, servers);
        this.schedule = schedule;
        this.random = new SplittableRandom(seed);
        this.capacity = shape.capacity();
        int n = this.services.length;
        vector = new long[n][][];
        split = new int[n];
        server = new int[n][];
        occupied = new boolean[n][servers];
        for (int s = 0; s < n; s++) {
            ServiceSplits ss = this.services[s];
            int masks = 1 << ss.service().pms().size();
            vector[s] = new long[masks][RESOURCES];
            for (int mask = 1; mask < masks; mask++)
                for (OneRackShape.Resource r : OneRackShape.Resource.values())
                    vector[s][mask][r.ordinal()] = ss.load(r, mask);
        }
        placeInitially();
    }

    /**
     * Anneals until the total violation is zero, {@code maxMoves} moves are made or {@code stop} says so
     * (checked every 1024 moves); leaves the best placement found as the current one and returns its
     * total violation.
     */
    public long run(long maxMoves, BooleanSupplier stop) {
        return run(maxMoves, stop, () -> {});
    }

    /** As {@link #run(long, BooleanSupplier)}, calling {@code newBest} whenever the best placement improves. */
    public long run(long maxMoves, BooleanSupplier stop, Runnable newBest) {
        double cool =
                Math.pow(schedule.endTemperature() / schedule.startTemperature(), 1.0 / schedule.movesPerCooling());
        double temperature = schedule.startTemperature();
        long inCooling = 0;
        while (loads.total() > 0 && moves < maxMoves) {
            if ((moves & 1023) == 0 && stop.getAsBoolean()) break;
            step(temperature);
            moves++;
            if (remember()) newBest.run();
            temperature *= cool;
            if (++inCooling == schedule.movesPerCooling()) {
                inCooling = 0;
                temperature = schedule.startTemperature();
            }
        }
        restoreBest();
        return loads.total();
    }

    /** Moves evaluated so far. */
    public long moves() {
        return moves;
    }

    public long totalViolation() {
        return loads.total();
    }

    /** The current placement's violation per kind: CPU, memory, bandwidth (see {@link ServerLoads}). */
    public long[] violationByKind() {
        return loads.violationByKind();
    }

    /** The server of every PM of service {@code s} (index as in its {@code pms()}) in the current placement. */
    public int[] pmServers(int s) {
        int[] out = new int[services[s].service().pms().size()];
        int[] groups = services[s].groups(split[s]);
        for (int g = 0; g < groups.length; g++)
            for (int i = 0; i < out.length; i++) if ((groups[g] >> i & 1) == 1) out[i] = server[s][g];
        return out;
    }

    /** The split (index into its {@link ServiceSplits}) service {@code s} currently uses. */
    public int splitOf(int s) {
        return split[s];
    }

    /** The server of group {@code g} of service {@code s}'s current split. */
    public int serverOf(int s, int g) {
        return server[s][g];
    }

    private void step(double temperature) {
        int kind = random.nextInt(schedule.resplitOneIn());
        if (kind == 0) tryResplit(temperature);
        else if (random.nextDouble() < schedule.swapShare()) trySwap(temperature);
        else tryMove(temperature);
    }

    private boolean accept(long delta, double temperature) {
        return delta <= 0 || random.nextDouble() < Math.exp(-delta / temperature);
    }

    private void tryMove(double temperature) {
        int s = random.nextInt(services.length);
        int g = random.nextInt(server[s].length);
        int to = random.nextInt(loads.servers());
        if (occupied[s][to]) return;
        if (accept(moveDelta(s, g, to), temperature)) moveGroup(s, g, to);
    }

    private void trySwap(double temperature) {
        int s1 = random.nextInt(services.length);
        int s2 = random.nextInt(services.length);
        if (s1 == s2) return;
        int g1 = random.nextInt(server[s1].length);
        int g2 = random.nextInt(server[s2].length);
        int a = server[s1][g1], b = server[s2][g2];
        if (a == b || occupied[s1][b] || occupied[s2][a]) return;
        if (accept(swapDelta(s1, g1, s2, g2), temperature)) swapGroups(s1, g1, s2, g2);
    }

    private void tryResplit(double temperature) {
        int s = random.nextInt(services.length);
        int count = services[s].count();
        if (count < 2) return;
        // Favour splits with little link traffic (the list is sorted by it): index = count * u^3.
        double u = random.nextDouble();
        int to = (int) (count * u * u * u);
        if (to == split[s]) return;
        long before = loads.total();
        int[] oldServers = server[s].clone();
        int old = split[s];
        resplit(s, to);
        if (accept(loads.total() - before, temperature)) return;
        unplace(s);
        split[s] = old;
        server[s] = oldServers;
        for (int g = 0; g < oldServers.length; g++) add(s, g, +1);
    }

    /** The group search's server loads (for tests). */
    ServerLoads loads() {
        return loads;
    }

    ServiceSplits splits(int s) {
        return services[s];
    }

    boolean hasGroupOn(int s, int server) {
        return occupied[s][server];
    }

    /** Puts the groups of service s's current split on the given servers, one each (for tests). */
    void placeGroups(int s, int... servers) {
        if (servers.length != server[s].length
                || Arrays.stream(servers).distinct().count() != servers.length)
            throw new IllegalArgumentException("service " + s + " needs " + server[s].length + " distinct servers");
        unplace(s);
        server[s] = servers.clone();
        for (int g = 0; g < servers.length; g++) add(s, g, +1);
    }

    /** The change of the total violation if group g of service s went to server {@code to}. */
    long moveDelta(int s, int g, int to) {
        int from = server[s][g];
        long[] v = vector[s][services[s].groups(split[s])[g]];
        return loads.violationWith(from, null, v)
                + loads.violationWith(to, v, null)
                - loads.violation(from)
                - loads.violation(to);
    }

    /** Group g of service s to server {@code to} (which must hold no other group of s). */
    void moveGroup(int s, int g, int to) {
        if (occupied[s][to]) throw new IllegalArgumentException("service already has a group on server " + to);
        add(s, g, -1);
        server[s][g] = to;
        add(s, g, +1);
    }

    long swapDelta(int s1, int g1, int s2, int g2) {
        int a = server[s1][g1], b = server[s2][g2];
        long[] v1 = vector[s1][services[s1].groups(split[s1])[g1]];
        long[] v2 = vector[s2][services[s2].groups(split[s2])[g2]];
        return loads.violationWith(a, v2, v1)
                + loads.violationWith(b, v1, v2)
                - loads.violation(a)
                - loads.violation(b);
    }

    /** Group g1 of s1 and group g2 of s2 trade servers. */
    void swapGroups(int s1, int g1, int s2, int g2) {
        int a = server[s1][g1], b = server[s2][g2];
        if (s1 == s2 || occupied[s1][b] || occupied[s2][a])
            throw new IllegalArgumentException("a swap would put two groups of one service on one server");
        add(s1, g1, -1);
        add(s2, g2, -1);
        server[s1][g1] = b;
        server[s2][g2] = a;
        add(s1, g1, +1);
        add(s2, g2, +1);
    }

    /** Service s takes split {@code to}; its groups go, largest first, where they add the least violation. */
    void resplit(int s, int to) {
        unplace(s);
        split[s] = to;
        server[s] = new int[services[s].groups(to).length];
        placeLeastAdding(s, groupsBySize(s));
    }

    private void unplace(int s) {
        for (int g = 0; g < server[s].length; g++) add(s, g, -1);
    }

    private void add(int s, int g, int sign) {
        loads.add(server[s][g], vector[s][services[s].groups(split[s])[g]], sign);
        occupied[s][server[s][g]] = sign > 0;
    }

    /** Places the listed groups of s in order, each on the server without a group of s where it adds least. */
    private void placeLeastAdding(int s, int[] order) {
        int n = loads.servers();
        for (int g : order) {
            long[] v = vector[s][services[s].groups(split[s])[g]];
            int start = random.nextInt(n);
            int best = -1;
            long bestDelta = Long.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                int t = (start + i) % n;
                if (occupied[s][t]) continue;
                long delta = loads.violationWith(t, v, null) - loads.violation(t);
                if (delta < bestDelta) {
                    bestDelta = delta;
                    best = t;
                }
            }
            server[s][g] = best;
            add(s, g, +1);
        }
    }

    /** Group indexes of s's current split, the largest first (by its largest share of a server's capacity). */
    private int[] groupsBySize(int s) {
        int[] groups = services[s].groups(split[s]);
        Integer[] order = new Integer[groups.length];
        for (int g = 0; g < order.length; g++) order[g] = g;
        Arrays.sort(order, (x, y) -> Long.compare(size(s, groups[y]), size(s, groups[x])));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    /** A group's largest load as permille of a server's capacity. */
    private long size(int s, int group) {
        long largest = 0;
        for (int r = 0; r < RESOURCES; r++) {
            long cap = capacity[r];
            if (cap > 0) largest = Math.max(largest, vector[s][group][r] * 1000 / cap);
        }
        return largest;
    }

    /** Every service on its least-traffic split; all groups, largest first, where they add least. */
    private void placeInitially() {
        List<long[]> all = new ArrayList<>(); // {size, service, group}
        for (int s = 0; s < services.length; s++) {
            split[s] = 0;
            int[] groups = services[s].groups(0);
            server[s] = new int[groups.length];
            Arrays.fill(server[s], -1);
            for (int g = 0; g < groups.length; g++) all.add(new long[] {size(s, groups[g]), s, g});
        }
        all.sort((x, y) -> x[0] != y[0] ? Long.compare(y[0], x[0]) : Long.compare(x[1] * 64 + x[2], y[1] * 64 + y[2]));
        for (long[] item : all) placeLeastAdding((int) item[1], new int[] {(int) item[2]});
    }

    /** Keeps the current placement if it is the best so far; returns whether it was. */
    private boolean remember() {
        if (loads.total() >= bestTotal) return false;
        bestTotal = loads.total();
        bestSplit = split.clone();
        bestServer = new int[server.length][];
        for (int s = 0; s < server.length; s++) bestServer[s] = server[s].clone();
        return true;
    }

    private void restoreBest() {
        if (bestSplit == null || bestTotal >= loads.total()) return;
        for (int s = 0; s < services.length; s++) unplace(s);
        for (int s = 0; s < services.length; s++) {
            split[s] = bestSplit[s];
            server[s] = bestServer[s].clone();
            for (int g = 0; g < server[s].length; g++) add(s, g, +1);
        }
    }
}
