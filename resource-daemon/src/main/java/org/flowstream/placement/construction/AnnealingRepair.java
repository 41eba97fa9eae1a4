package org.flowstream.placement.construction;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.feasibility.LoadLedger;

/**
 * Simulated annealing on the load ledger, for instances where the greedy and {@link ConflictRepair}
 * stall: the basic platform with 1024-byte packets, where every server's 1 Gbps downlink is nearly
 * full and CPU/memory are too. There a single PM move almost always splits a chain (new traffic on two
 * server links), so a descent gets stuck; annealing accepts such steps for a while, and its group
 * moves move or swap all PMs a service has on one server at once, so chains stay whole. Each move is
 * evaluated on the ledger in microseconds (10^5 to 10^6 per second on the basic platform, depending
 * on the machine's load), against a full constraint-stream update per move in Timefold.
 */
public final class AnnealingRepair {
    /** Starting temperature in violation units (1/100 core, MB, Mbps): a 100-unit worsening is then often accepted. */
    private static final double START_TEMPERATURE = 60;

    private static final double END_TEMPERATURE = 0.5;
    /**
     * Bounds of a cooling run's length in moves. The schedule counts moves, not time, so a seed gives
     * the same placement on any machine and under any load; the deadline only cuts it short.
     */
    private static final long MIN_COOLING_MOVES = 200_000;

    private static final long MAX_COOLING_MOVES = 20_000_000;
    /** Breakout rounds: short and cool, they only move the last violations around. */
    private static final double BREAKOUT_TEMPERATURE = 5;
    /** Largest platform on which a service re-placement looks for an overloaded server (a walk over all servers). */
    private static final int TARGETED_MAX_SERVERS = 64;

    /**
     * Lengths of the search, in moves.
     *
     * @param coolingMovesPerPm     length of a cooling run per movable PM (within 200,000 and 20 million)
     * @param breakoutMoves         length of one breakout round
     * @param breakoutsBeforeReheat breakout rounds without a new best before the next cooling run starts from the best placement
     * @param reinsertEvery         one move in this many re-places a whole service ({@link #reinsertService}); 0 never
     */
    record Schedule(long coolingMovesPerPm, long breakoutMoves, int breakoutsBeforeReheat, int reinsertEvery) {
        /**
         * Short cooling runs and early reheats: on basic NS40 at 1024 bytes (seeds 1-5, 9 s) this found
         * 4 of 5 feasible placements, against 2-3 with cooling runs four times as long or reheats after
         * 30-100 idle rounds (docs/placement.md).
         */
        static final Schedule DEFAULT = new Schedule(500, 15_000, 5, 0);

        /**
         * {@link #DEFAULT} plus a service re-placement in one move of 200, half of them of a service
         * on an overloaded server: the last violations of the 1024-byte basic cells sit on the server
         * of an intrusion detection service's hub (classifier, merger and the detectors kept with them)
         * that fits no server as it is split, and only a new split of that service, in one step, takes
         * them away (docs/placement.md).
         */
        static final Schedule RESPLITTING = new Schedule(500, 15_000, 5, 200);
    }

    private final Schedule schedule;

    private final LoadLedger ledger;
    private final Platform platform;
    private final List<ServiceGraph> services;
    private final SplittableRandom random;
    private final PlacedPms placed;
    /** The PMs the annealing moves; {@link #bestPlacement} follows this order. */
    private final List<Integer> movable;
    /** Total violation (unweighted) of the placement on the ledger. */
    private long trueCurrent;

    private long lastWeightedDelta;
    private long best;
    private boolean bestStale;
    /** ServerNode index of each movable PM (same order as {@link #movable}) in the best placement. */
    private int[] bestPlacement;

    private ProgressReporter progress;
    /** Moves evaluated so far (each one tried on the ledger, kept or undone). */
    private long movesEvaluated;

    public AnnealingRepair(LoadLedger ledger, List<ServiceGraph> services, Set<Integer> pinnedPmKeys, long seed) {
        this(ledger, services, pinnedPmKeys, seed, null);
    }

    /** @param onImproved receives the violations of new best placements (now and then, and the last one at the end) */
    public AnnealingRepair(
            LoadLedger ledger,
            List<ServiceGraph> services,
            Set<Integer> pinnedPmKeys,
            long seed,
            java.util.function.Consumer<org.flowstream.placement.feasibility.ViolationReport> onImproved) {
        this(ledger, services, pinnedPmKeys, seed, onImproved, Schedule.DEFAULT);
    }

    AnnealingRepair(
            LoadLedger ledger,
            List<ServiceGraph> services,
            Set<Integer> pinnedPmKeys,
            long seed,
            java.util.function.Consumer<org.flowstream.placement.feasibility.ViolationReport> onImproved,
            Schedule schedule) {
        this.schedule = schedule;
        this.progress = new ProgressReporter(ledger, services, onImproved);
        this.ledger = ledger;
        this.platform = ledger.platform();
        this.services = services;
        this.random = new SplittableRandom(seed);
        this.placed = new PlacedPms(ledger, services, pinnedPmKeys);
        this.movable = placed.movable();
    }

    /**
     * Anneals until nothing is violated, {@code deadlineNanos} passes or {@code stop} says so; leaves
     * the best placement seen on the ledger and returns its total. A cooling run, then breakout rounds:
     * a short cool run, after which every resource still over capacity weighs more, so that the few
     * violations an anneal ends with (typically a few MB or Mbps on one server) get pushed to where
     * they can vanish instead of staying put. When {@code breakoutsBeforeReheat} rounds bring no
     * new best, the next cooling run starts from the best placement with fresh weights. Every length
     * is a number of moves: the same seed gives the same placement whenever the search ends before
     * the deadline, however fast the machine is.
     */
    public long run(BooleanSupplier stop, long deadlineNanos) {
        long total = ledger.report(services).total();
        if (total == 0 || movable.isEmpty() || platform.servers().size() < 2) return total;
        BooleanSupplier halt = () -> stop.getAsBoolean() || System.nanoTime() > deadlineNanos;
        long coolingMoves =
                Math.clamp(schedule.coolingMovesPerPm() * movable.size(), MIN_COOLING_MOVES, MAX_COOLING_MOVES);
        ledger.enableWeights();
        try {
            trueCurrent = total;
            best = total;
            bestPlacement = snapshot();
            while (trueCurrent > 0 && !halt.getAsBoolean()) {
                anneal(START_TEMPERATURE, END_TEMPERATURE, coolingMoves, halt);
                int idle = 0;
                while (trueCurrent > 0 && idle < schedule.breakoutsBeforeReheat() && !halt.getAsBoolean()) {
                    long bestBefore = best;
                    ledger.raiseWeightsOfViolated(1);
                    anneal(BREAKOUT_TEMPERATURE, END_TEMPERATURE, schedule.breakoutMoves(), halt);
                    idle = best < bestBefore ? 0 : idle + 1;
                }
                if (trueCurrent > 0) reheatFromBest();
            }
            if (bestStale) bestPlacement = snapshot();
            bestStale = false;
            restore(bestPlacement);
        } finally {
            ledger.disableWeights();
        }
        progress.report();
        return ledger.report(services).total();
    }

    /** Moves evaluated on the ledger by {@link #run}: the effort, in a unit that does not depend on the machine. */
    public long movesEvaluated() {
        return movesEvaluated;
    }

    /** Goes back to the best placement seen, with every breakout weight back to 1, for the next cooling run. */
    private void reheatFromBest() {
        if (bestStale) bestPlacement = snapshot();
        bestStale = false;
        restore(bestPlacement);
        trueCurrent = best;
        ledger.enableWeights();
    }

    /** One cooling run from {@code from} to {@code to} degrees over {@code moves} moves. */
    private void anneal(double from, double to, long moves, BooleanSupplier stop) {
        double ratio = to / from;
        double temperature = from;
        for (long i = 1; trueCurrent > 0 && i <= moves; i++) {
            if ((i & 255) == 0) {
                if (stop.getAsBoolean()) break;
                temperature = from * Math.pow(ratio, (double) i / moves);
            }
            if (schedule.reinsertEvery() > 0 && random.nextInt(schedule.reinsertEvery()) == 0)
                reinsertService(temperature);
            else step(temperature);
            if (trueCurrent < best) {
                best = trueCurrent;
                bestStale = true;
                progress.improved();
            }
        }
    }

    /**
     * One random move, kept or undone by the Metropolis rule on the weighted cost. The move is a
     * ledger trial, so a rejected one is undone from the ledger's journal rather than by moving the
     * PMs back. The best placement is copied only when a worsening move is about to leave
     * it (copying on every new best would cost more than the search on 45,000 PMs).
     */
    private void step(double temperature) {
        movesEvaluated++;
        int pmKey = movable.get(random.nextInt(movable.size()));
        ServerNode from = ledger.serverOf(pmKey);
        ServerNode to = randomOtherServer(from);
        List<Integer> group = random.nextInt(3) == 0 ? List.of(pmKey) : groupOf(pmKey, from);
        List<Integer> back = List.of();
        if (random.nextBoolean()) {
            // Swap with a group of another service on the target server (or a single PM of it).
            ServiceGraph service = placed.serviceOf(pmKey);
            int candidates = countSwappable(to, service);
            if (candidates > 0) {
                int other = swappable(to, service, random.nextInt(candidates));
                back = random.nextInt(3) == 0 ? List.of(other) : groupOf(other, to);
            }
        }
        long before = trueCurrent;
        ledger.beginTrial();
        long delta = moveAll(group, back, from, to);
        long weightedDelta = lastWeightedDelta;
        if (weightedDelta <= 0 || random.nextDouble() < Math.exp(-weightedDelta / temperature)) {
            if (delta > 0 && bestStale && before == best) {
                ledger.rollback();
                bestPlacement = snapshot();
                bestStale = false;
                moveAll(group, back, from, to);
            } else {
                ledger.commit();
            }
            trueCurrent = before + delta;
            for (int k : group) placed.move(k, from, to);
            for (int k : back) placed.move(k, to, from);
            return;
        }
        ledger.rollback();
    }

    /**
     * Ruin and recreate of one service: its movable PMs come off and go back one by one, each to the
     * server of its rack where it adds the least weighted violation, so that a service can change how
     * it is split over servers in one step (a run of single moves would have to pass through worse
     * splits). A ledger trial, kept or undone by the Metropolis rule on the whole change like any move.
     */
    private void reinsertService(double temperature) {
        movesEvaluated++;
        ServiceGraph service = serviceToReinsert();
        List<Integer> keys = new ArrayList<>(service.pms().size());
        for (ModuleNode pm : service.pms()) if (!placed.isPinned(pm.key())) keys.add(pm.key());
        // The move may leave the best placement for a worse one: keep a copy first (one move in hundreds).
        if (bestStale && trueCurrent == best) {
            bestPlacement = snapshot();
            bestStale = false;
        }
        ServerNode[] was = new ServerNode[keys.size()];
        long delayBefore = service.delayBounds().isEmpty() ? 0 : ledger.delayExcess(service);
        ledger.takeWeightedChange();
        ledger.beginTrial();
        long delta = 0;
        for (int i = 0; i < was.length; i++) {
            was[i] = ledger.serverOf(keys.get(i));
            delta += ledger.unassignPm(keys.get(i));
        }
        long weighted = ledger.takeWeightedChange();
        List<ServerNode> rack = platform.racks().get(was[0].rack());
        int offset = random.nextInt(rack.size());
        for (int k : keys) {
            delta += ledger.assignPm(k, leastWeightedServer(k, rack, offset));
            weighted += ledger.takeWeightedChange();
        }
        long delay = service.delayBounds().isEmpty() ? 0 : ledger.delayExcess(service) - delayBefore;
        weighted += delay;
        if (weighted <= 0 || random.nextDouble() < Math.exp(-weighted / temperature)) {
            ledger.commit();
            trueCurrent += delta + delay;
            for (int i = 0; i < was.length; i++) {
                ServerNode now = ledger.serverOf(keys.get(i));
                if (now != was[i]) placed.move(keys.get(i), was[i], now);
            }
            return;
        }
        ledger.rollback();
    }

    /**
     * The server of {@code rack} (tried from {@code offset} on, the first on a tie) where the unplaced PM
     * adds the least weighted violation. Each try is undone at once and its weighted change dropped, so
     * the caller's next {@link LoadLedger#takeWeightedChange} sees only what it placed itself.
     */
    private ServerNode leastWeightedServer(int pmKey, List<ServerNode> rack, int offset) {
        ServerNode chosen = null;
        long least = Long.MAX_VALUE;
        for (int j = 0; j < rack.size(); j++) {
            ServerNode s = rack.get((offset + j) % rack.size());
            ledger.assignPm(pmKey, s);
            long added = ledger.takeWeightedChange();
            ledger.unassignPm(pmKey);
            ledger.takeWeightedChange();
            if (added < least) {
                least = added;
                chosen = s;
            }
        }
        return chosen;
    }

    /**
     * Half the time (on platforms of at most {@link #TARGETED_MAX_SERVERS} servers, where scanning them
     * is cheap) a service with a PM on a server over capacity, where the last violations are; otherwise
     * the service of a random movable PM.
     */
    private ServiceGraph serviceToReinsert() {
        List<ServerNode> servers = platform.servers();
        if (servers.size() <= TARGETED_MAX_SERVERS && random.nextBoolean()) {
            int start = random.nextInt(servers.size());
            for (int j = 0; j < servers.size(); j++) {
                ServerNode s = servers.get((start + j) % servers.size());
                if (!overloaded(s)) continue;
                int candidates = countSwappable(s, null); // null: PMs of every service count
                if (candidates > 0) return placed.serviceOf(swappable(s, null, random.nextInt(candidates)));
            }
        }
        return placed.serviceOf(movable.get(random.nextInt(movable.size())));
    }

    private boolean overloaded(ServerNode s) {
        return ledger.cpuUsed(s) > s.cpuCenti()
                || ledger.memoryUsed(s) > s.memoryMb()
                || ledger.internalUsed(s) > s.internalBps()
                || ledger.linkLoad(s.uplink()) > s.uplink().capacityBps()
                || ledger.linkLoad(s.downlink()) > s.downlink().capacityBps();
    }

    /**
     * Moves {@code group} from {@code from} to {@code to} and {@code back} the other way; returns the
     * change of the total violation and leaves the weighted change in {@link #lastWeightedDelta}.
     */
    private long moveAll(List<Integer> group, List<Integer> back, ServerNode from, ServerNode to) {
        long before = delayExcess(group, back);
        long d = 0;
        for (int k : group) d += ledger.unassignPm(k);
        for (int k : back) d += ledger.unassignPm(k);
        for (int k : group) d += ledger.assignPm(k, to);
        for (int k : back) d += ledger.assignPm(k, from);
        long delay = delayExcess(group, back) - before;
        lastWeightedDelta = ledger.takeWeightedChange() + delay;
        return d + delay;
    }

    /** Delay excess of the services involved (zero cost when they have no delay bounds, as on the basic platform). */
    private long delayExcess(List<Integer> group, List<Integer> back) {
        ServiceGraph a = placed.serviceOf(group.get(0));
        long d = a.delayBounds().isEmpty() ? 0 : ledger.delayExcess(a);
        if (!back.isEmpty()) {
            ServiceGraph b = placed.serviceOf(back.get(0));
            if (b != a && !b.delayBounds().isEmpty()) d += ledger.delayExcess(b);
        }
        return d;
    }

    /** The movable PMs of the PM's service that share its server (chains move whole). */
    private List<Integer> groupOf(int pmKey, ServerNode server) {
        List<Integer> group = new ArrayList<>(4);
        for (ModuleNode pm : placed.serviceOf(pmKey).pms()) {
            if (ledger.serverOf(pm.key()) == server && !placed.isPinned(pm.key())) group.add(pm.key());
        }
        return group;
    }

    /** How many movable PMs on a server belong to services other than {@code except} (counted, not listed: this runs at every other move). */
    private int countSwappable(ServerNode server, ServiceGraph except) {
        int found = 0;
        for (int k : placed.on(server)) if (swappable(k, except)) found++;
        return found;
    }

    /** The {@code n}-th (from 0) of the PMs {@link #countSwappable} counts, in the server's order. */
    private int swappable(ServerNode server, ServiceGraph except, int n) {
        for (int k : placed.on(server)) if (swappable(k, except) && n-- == 0) return k;
        throw new IllegalStateException("fewer swappable PMs on " + server.name() + " than counted");
    }

    private boolean swappable(int pmKey, ServiceGraph except) {
        return !placed.isPinned(pmKey) && placed.serviceOf(pmKey) != except;
    }

    /** Servers of the same rack most of the time (short routes on hierarchical platforms), any server otherwise. */
    private ServerNode randomOtherServer(ServerNode from) {
        List<ServerNode> rack = platform.racks().get(from.rack());
        List<ServerNode> pool = rack.size() > 1 && random.nextInt(4) != 0 ? rack : platform.servers();
        ServerNode to = pool.get(random.nextInt(pool.size()));
        return to == from ? pool.get((pool.indexOf(to) + 1) % pool.size()) : to;
    }

    private int[] snapshot() {
        int[] placement = new int[movable.size()];
        for (int i = 0; i < placement.length; i++)
            placement[i] = ledger.serverOf(movable.get(i)).index();
        return placement;
    }

    private void restore(int[] placement) {
        List<ServerNode> servers = platform.servers();
        for (int i = 0; i < placement.length; i++) {
            int k = movable.get(i);
            ServerNode at = ledger.serverOf(k);
            if (at.index() != placement[i]) {
                ledger.unassignPm(k);
                placed.move(k, at, servers.get(placement[i]));
            }
        }
        for (int i = 0; i < placement.length; i++) {
            int k = movable.get(i);
            if (ledger.serverOf(k) == null) ledger.assignPm(k, servers.get(placement[i]));
        }
    }
}
