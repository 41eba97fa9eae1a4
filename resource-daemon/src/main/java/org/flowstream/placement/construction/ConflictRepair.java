package org.flowstream.placement.construction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.PlatformLink;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceLink;
import org.flowstream.placement.feasibility.LoadLedger;

/**
 * The violation-driven part of the paper's tabu search (Algorithm 1, lines 3-13 and 15-20), run on
 * the load ledger: take the PMs that contribute to a violation (on an overloaded server, on an
 * overloaded link's route, on a bounded path over its bound), and move each to the server, or swap it
 * with the PM, that lowers the total violation most; a moved PM is tabu for a few rounds. Each
 * candidate costs microseconds on the ledger, against a full constraint-stream update in Timefold, so
 * this removes most violations of the greedy solution before the generic Timefold local search runs.
 */
public final class ConflictRepair {
    private static final int TABU_ROUNDS = 3;
    private static final int SAMPLED_SERVERS = 48;

    private final LoadLedger ledger;
    private final Platform platform;
    private final List<ServiceGraph> services;
    private final SplittableRandom random;
    private final PlacedPms placed;

    private final ProgressReporter progress;
    private final RackRelocation relocation;
    /**
     * Whether the last round lowered nothing: only then are whole services relocated (the costliest
     * step, each at most once a round), so the early rounds, where cheap steps still pay, stay fast.
     */
    private boolean stalled;

    private final Set<ServiceGraph> relocatedThisRound = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Candidate moves, swaps and consolidations evaluated on the ledger so far. */
    private long movesEvaluated;

    public ConflictRepair(LoadLedger ledger, List<ServiceGraph> services, Set<Integer> pinnedPmKeys, long seed) {
        this(ledger, services, pinnedPmKeys, seed, null);
    }

    /** @param onImproved receives the violations after rounds that lowered them */
    public ConflictRepair(
            LoadLedger ledger,
            List<ServiceGraph> services,
            Set<Integer> pinnedPmKeys,
            long seed,
            java.util.function.Consumer<org.flowstream.placement.feasibility.ViolationReport> onImproved) {
        this.progress = new ProgressReporter(ledger, services, onImproved);
        this.ledger = ledger;
        this.platform = ledger.platform();
        this.services = services;
        this.random = new SplittableRandom(seed);
        this.placed = new PlacedPms(ledger, services, pinnedPmKeys);
        this.relocation = new RackRelocation(ledger, placed, random, this::candidateServers);
    }

    /** Repairs until nothing is violated, no round improves, or {@code stop} says so. Returns the final total. */
    public long run(BooleanSupplier stop, int maxRoundsWithoutImprovement) {
        long total = ledger.report(services).total();
        Map<Integer, Integer> tabuUntil = new HashMap<>();
        int round = 0;
        int idle = 0;
        while (total > 0 && !stop.getAsBoolean() && idle < maxRoundsWithoutImprovement) {
            round++;
            List<Integer> candidates = new ArrayList<>(conflictedPms());
            shuffle(candidates);
            long before = total;
            stalled = idle > 0;
            relocatedThisRound.clear();
            for (int pmKey : candidates) {
                if (stop.getAsBoolean() || total == 0) break;
                if (tabuUntil.getOrDefault(pmKey, 0) >= round) continue;
                long delta = improve(pmKey);
                if (delta != 0) {
                    total += delta;
                    tabuUntil.put(pmKey, round + TABU_ROUNDS);
                }
            }
            idle = total < before ? 0 : idle + 1;
            if (total < before) progress.improved();
        }
        progress.report();
        return ledger.report(services).total();
    }

    /** Moves evaluated on the ledger by {@link #run}: the effort, in a unit that does not depend on the machine. */
    public long movesEvaluated() {
        return movesEvaluated + relocation.movesEvaluated();
    }

    /** PMs that contribute to some violation right now. */
    private Set<Integer> conflictedPms() {
        Set<Integer> result = new LinkedHashSet<>();
        for (Map.Entry<ServerNode, List<Integer>> e : placed.byServer().entrySet()) {
            ServerNode s = e.getKey();
            if (ledger.cpuUsed(s) > s.cpuCenti()
                    || ledger.memoryUsed(s) > s.memoryMb()
                    || ledger.internalUsed(s) > s.internalBps()) {
                for (int k : e.getValue()) if (!placed.isPinned(k)) result.add(k);
            }
        }
        for (ServiceGraph ns : services) {
            boolean delay = ledger.delayExcess(ns) > 0;
            for (ServiceLink l : ns.links()) {
                if (ledger.ioOf(l.toKey()) == null && ledger.serverOf(l.toKey()) == null) continue;
                boolean over = delay && !l.delayBounds().isEmpty();
                if (!over) {
                    for (PlatformLink pl : ledger.route(l).links()) {
                        if (ledger.linkLoad(pl) > pl.capacityBps()) {
                            over = true;
                            break;
                        }
                    }
                }
                if (over) {
                    if (l.kind() != ServiceLink.Kind.INGRESS && !placed.isPinned(l.fromKey())) result.add(l.fromKey());
                    if (l.kind() != ServiceLink.Kind.EGRESS && !placed.isPinned(l.toKey())) result.add(l.toKey());
                }
            }
        }
        return result;
    }

    /** Applies the best improving move or swap for one PM; returns the change of total violations (0 if none). */
    private long improve(int pmKey) {
        ServiceGraph ns = placed.serviceOf(pmKey);
        ServerNode from = ledger.serverOf(pmKey);
        long baseDelay = ledger.delayExcess(ns);
        long out = ledger.unassignPm(pmKey);
        long bestDelta = 0;
        ServerNode bestServer = null;
        for (ServerNode to : candidateServers(ns, from)) {
            if (to == from) continue;
            movesEvaluated++;
            long d = out + ledger.assignPm(pmKey, to) + ledger.delayExcess(ns) - baseDelay;
            ledger.unassignPm(pmKey);
            if (d < bestDelta) {
                bestDelta = d;
                bestServer = to;
            }
        }
        if (bestServer != null) {
            ledger.assignPm(pmKey, bestServer);
            placed.move(pmKey, from, bestServer);
            return bestDelta;
        }
        ledger.assignPm(pmKey, from);
        long swapped = trySwap(pmKey, ns, from);
        if (swapped != 0) return swapped;
        long consolidated = tryConsolidate(ns, from);
        if (consolidated != 0 || !overBound(ns)) return consolidated;
        long ejected = tryEjection(pmKey, ns, from);
        if (ejected != 0 || !stalled || !relocatedThisRound.add(ns)) return ejected;
        return relocation.relocate(ns);
    }

    private boolean overBound(ServiceGraph ns) {
        return !ns.delayBounds().isEmpty() && ledger.delayExcess(ns) > 0;
    }

    /**
     * An ejection chain of two steps for a PM of a service over its delay bound: a group of another
     * service leaves a server in one of the service's racks for a server with room (near that group's
     * own PMs, where its delay stays, or one of a random sample), and the PM, or the PM with its
     * service's other PMs on its server, takes the room it left; the chain counts both services' delay. On large NS12000 at 128 bytes the conflict repair ended with one service one
     * delay unit over (D13: an intrusion detector's merger a rack away from its classifier; D12: a
     * tunnelling encapsulator a rack away from its router) where no server of the sibling rack had room
     * for the PM and no swap fitted, but another service's PM could step aside within its own rack
     * (docs/placement.md). Only chains where both steps fit CPU and memory are evaluated: on a nearly
     * full platform the others cannot pay, and the filter keeps this to thousands of ledger trials.
     */
    private long tryEjection(int pmKey, ServiceGraph ns, ServerNode from) {
        List<List<Integer>> mine = movingGroups(pmKey, ns, from);
        long bestDelta = 0;
        Ejection best = null;
        for (ServerNode target : serversOfRacks(racksOf(ns))) {
            if (target == from) continue;
            long targetCpu = target.cpuCenti() - ledger.cpuUsed(target);
            long targetMem = target.memoryMb() - ledger.memoryUsed(target);
            for (List<Integer> evicted : groupsOn(target, ns)) {
                ServiceGraph other = placed.serviceOf(evicted.get(0));
                long evictedCpu = cpuOf(evicted), evictedMem = memoryOf(evicted);
                List<List<Integer>> fitting = new ArrayList<>(mine.size());
                for (List<Integer> as : mine)
                    if (cpuOf(as) <= targetCpu + evictedCpu && memoryOf(as) <= targetMem + evictedMem) fitting.add(as);
                if (fitting.isEmpty()) continue;
                for (ServerNode refuge : candidateServers(other, target)) {
                    if (refuge == target || refuge == from) continue;
                    if (refuge.cpuCenti() - ledger.cpuUsed(refuge) < evictedCpu
                            || refuge.memoryMb() - ledger.memoryUsed(refuge) < evictedMem) continue;
                    for (List<Integer> as : fitting) {
                        long d = ejectionDelta(as, from, evicted, target, refuge);
                        if (d < bestDelta) {
                            bestDelta = d;
                            best = new Ejection(as, evicted, target, refuge);
                        }
                    }
                }
            }
        }
        if (best == null) return 0;
        moveGroup(best.evicted(), best.target(), best.refuge());
        moveGroup(best.moving(), from, best.target());
        return bestDelta;
    }

    /** A chain of two moves: {@code evicted} from {@code target} to {@code refuge}, then {@code moving} to {@code target}. */
    private record Ejection(List<Integer> moving, List<Integer> evicted, ServerNode target, ServerNode refuge) {}

    /** Change of the total violation if the ejection were made (the ledger is left as it was). */
    private long ejectionDelta(
            List<Integer> moving, ServerNode from, List<Integer> evicted, ServerNode target, ServerNode refuge) {
        movesEvaluated++;
        ServiceGraph na = placed.serviceOf(moving.get(0));
        ServiceGraph nb = placed.serviceOf(evicted.get(0));
        long base = ledger.delayExcess(na) + ledger.delayExcess(nb);
        long d = 0;
        for (int b : evicted) d += ledger.unassignPm(b);
        for (int b : evicted) d += ledger.assignPm(b, refuge);
        for (int a : moving) d += ledger.unassignPm(a);
        for (int a : moving) d += ledger.assignPm(a, target);
        d += ledger.delayExcess(na) + ledger.delayExcess(nb) - base;
        for (int a : moving) ledger.unassignPm(a);
        for (int a : moving) ledger.assignPm(a, from);
        for (int b : evicted) ledger.unassignPm(b);
        for (int b : evicted) ledger.assignPm(b, target);
        return d;
    }

    private void moveGroup(List<Integer> keys, ServerNode from, ServerNode to) {
        for (int k : keys) ledger.unassignPm(k);
        for (int k : keys) {
            ledger.assignPm(k, to);
            placed.move(k, from, to);
        }
    }

    /** The PM alone and, if it has movable siblings on its server, the PM with them. */
    private List<List<Integer>> movingGroups(int pmKey, ServiceGraph ns, ServerNode from) {
        List<List<Integer>> result = new ArrayList<>(2);
        result.add(List.of(pmKey));
        List<Integer> group = groupOn(ns, from);
        if (group.size() > 1) result.add(group);
        return result;
    }

    /** Each movable PM of other services on the server alone, and each such service's PMs there together. */
    private List<List<Integer>> groupsOn(ServerNode server, ServiceGraph except) {
        List<List<Integer>> result = new ArrayList<>();
        Set<ServiceGraph> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int k : placed.on(server)) {
            ServiceGraph other = placed.serviceOf(k);
            if (other == except || placed.isPinned(k)) continue;
            result.add(List.of(k));
            if (seen.add(other)) {
                List<Integer> group = groupOn(other, server);
                if (group.size() > 1) result.add(group);
            }
        }
        return result;
    }

    /** The racks holding the service's placed PMs, in the order of its PMs. */
    private Set<Integer> racksOf(ServiceGraph ns) {
        Set<Integer> racks = new LinkedHashSet<>();
        for (ModuleNode pm : ns.pms()) {
            ServerNode s = ledger.serverOf(pm.key());
            if (s != null) racks.add(s.rack());
        }
        return racks;
    }

    private List<ServerNode> serversOfRacks(Set<Integer> racks) {
        List<ServerNode> result = new ArrayList<>();
        for (int r : racks) result.addAll(platform.racks().get(r));
        return result;
    }

    private long cpuOf(List<Integer> keys) {
        long sum = 0;
        for (int k : keys) sum += placed.pm(k).cpuCenti();
        return sum;
    }

    private long memoryOf(List<Integer> keys) {
        long sum = 0;
        for (int k : keys) sum += placed.pm(k).memoryMb();
        return sum;
    }

    /**
     * Moves the whole service onto one server: then only its ingress and egress cross server links,
     * which is what relieves server-ToR links when single moves cannot (each alone splits the chain).
     */
    private long tryConsolidate(ServiceGraph ns, ServerNode near) {
        List<ModuleNode> pms = ns.pms();
        long cpu = 0, mem = 0;
        for (ModuleNode pm : pms) {
            if (placed.isPinned(pm.key())) return 0;
            cpu += pm.cpuCenti();
            mem += pm.memoryMb();
        }
        if (cpu > near.cpuCenti() || mem > near.memoryMb()) return 0;
        List<ServerNode> original = new ArrayList<>(pms.size());
        for (ModuleNode pm : pms) original.add(ledger.serverOf(pm.key()));
        long baseDelay = ledger.delayExcess(ns);
        long out = 0;
        for (ModuleNode pm : pms) out += ledger.unassignPm(pm.key());
        long bestDelta = 0;
        ServerNode best = null;
        for (ServerNode to : candidateServers(ns, near)) {
            movesEvaluated++;
            long d = out;
            for (ModuleNode pm : pms) d += ledger.assignPm(pm.key(), to);
            d += ledger.delayExcess(ns) - baseDelay;
            for (ModuleNode pm : pms) ledger.unassignPm(pm.key());
            if (d < bestDelta) {
                bestDelta = d;
                best = to;
            }
        }
        for (int i = 0; i < pms.size(); i++) {
            ServerNode target = best != null ? best : original.get(i);
            ledger.assignPm(pms.get(i).key(), target);
            if (best != null) placed.move(pms.get(i).key(), original.get(i), best);
        }
        return best != null ? bestDelta : 0;
    }

    /**
     * The best swap of the PM with a PM on another candidate server. For a PM of a service over its delay
     * bound, the two sides may also be groups: the PM with all its service's PMs on its server, and all
     * the PMs another service has on the candidate server (which then moves whole and keeps its own
     * delay). On large NS12000-D13 at 128 bytes the only improving step for ns-11759 (its encapsulator
     * two racks away from the rest, delay 16 against 13, no server of its own rack with room) is such a
     * swap: with the three PMs of a small service on server-458-12. A single-PM swap breaks the other
     * service's bound and never pays (docs/placement.md).
     */
    private long trySwap(int pmKey, ServiceGraph ns, ServerNode from) {
        boolean overBound = !ns.delayBounds().isEmpty() && ledger.delayExcess(ns) > 0;
        List<List<Integer>> mine = new ArrayList<>(2);
        mine.add(List.of(pmKey));
        if (overBound) {
            List<Integer> group = groupOn(ns, from);
            if (group.size() > 1) mine.add(group);
        }
        long bestDelta = 0;
        List<Integer> bestMine = null;
        List<Integer> bestOthers = null;
        for (ServerNode to : candidateServers(ns, from)) {
            if (to == from) continue;
            Set<ServiceGraph> groupsTried = Collections.newSetFromMap(new IdentityHashMap<>());
            for (int other : new ArrayList<>(placed.on(to))) {
                if (placed.isPinned(other)) continue;
                List<List<Integer>> theirs = new ArrayList<>(2);
                theirs.add(List.of(other));
                ServiceGraph otherService = placed.serviceOf(other);
                if (overBound && otherService != ns && groupsTried.add(otherService)) {
                    List<Integer> group = groupOn(otherService, to);
                    if (group.size() > 1) theirs.add(group);
                }
                for (List<Integer> as : mine) {
                    for (List<Integer> bs : theirs) {
                        long d = swapDelta(as, from, bs, to);
                        if (d < bestDelta) {
                            bestDelta = d;
                            bestMine = as;
                            bestOthers = bs;
                        }
                    }
                }
            }
        }
        if (bestOthers == null) return 0;
        ServerNode to = ledger.serverOf(bestOthers.get(0));
        for (int k : bestMine) ledger.unassignPm(k);
        for (int k : bestOthers) ledger.unassignPm(k);
        for (int k : bestMine) ledger.assignPm(k, to);
        for (int k : bestOthers) ledger.assignPm(k, from);
        for (int k : bestMine) placed.move(k, from, to);
        for (int k : bestOthers) placed.move(k, to, from);
        return bestDelta;
    }

    /** The movable PMs of {@code service} on {@code server} (empty if one of them is pinned: the group cannot move whole). */
    private List<Integer> groupOn(ServiceGraph service, ServerNode server) {
        List<Integer> group = new ArrayList<>(4);
        for (ModuleNode pm : service.pms()) {
            if (ledger.serverOf(pm.key()) != server) continue;
            if (placed.isPinned(pm.key())) return List.of();
            group.add(pm.key());
        }
        return group;
    }

    /** Change of the total violation if the PMs {@code as} on {@code sa} and {@code bs} on {@code sb} traded servers (the ledger is left as it was). */
    private long swapDelta(List<Integer> as, ServerNode sa, List<Integer> bs, ServerNode sb) {
        movesEvaluated++;
        ServiceGraph na = placed.serviceOf(as.get(0));
        ServiceGraph nb = placed.serviceOf(bs.get(0));
        long base = ledger.delayExcess(na) + (nb == na ? 0 : ledger.delayExcess(nb));
        long d = 0;
        for (int a : as) d += ledger.unassignPm(a);
        for (int b : bs) d += ledger.unassignPm(b);
        for (int a : as) d += ledger.assignPm(a, sb);
        for (int b : bs) d += ledger.assignPm(b, sa);
        d += ledger.delayExcess(na) + (nb == na ? 0 : ledger.delayExcess(nb)) - base;
        for (int a : as) ledger.unassignPm(a);
        for (int b : bs) ledger.unassignPm(b);
        for (int a : as) ledger.assignPm(a, sa);
        for (int b : bs) ledger.assignPm(b, sb);
        return d;
    }

    /** The racks of the service's other PMs (short routes) and a random sample of the platform. */
    private List<ServerNode> candidateServers(ServiceGraph ns, ServerNode from) {
        List<ServerNode> all = platform.servers();
        if (all.size() <= 2 * SAMPLED_SERVERS) return all;
        Set<ServerNode> result = new LinkedHashSet<>();
        Set<Integer> racks = new LinkedHashSet<>();
        racks.add(from.rack());
        for (ModuleNode pm : ns.pms()) {
            ServerNode s = ledger.serverOf(pm.key());
            if (s != null) racks.add(s.rack());
        }
        for (int r : racks) result.addAll(platform.racks().get(r));
        for (int i = 0; i < SAMPLED_SERVERS; i++) result.add(all.get(random.nextInt(all.size())));
        return new ArrayList<>(result);
    }

    private void shuffle(List<Integer> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Integer t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
