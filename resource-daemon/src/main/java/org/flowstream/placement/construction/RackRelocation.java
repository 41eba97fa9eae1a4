package org.flowstream.placement.construction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.feasibility.LoadLedger;

/**
 * Re-places a whole service over its delay bound inside one rack, making room where the rack has none:
 * each of its PMs (in path order) goes to the server of the rack where it fits and adds the least
 * violation; when no server of the rack has room for it, PMs of other services step aside from one
 * server, each to a server elsewhere with room, but only those whose move costs nothing (no new
 * violation, their own delay kept). {@link ConflictRepair} calls it for a service that no single move,
 * swap, consolidation or ejection brings back within its bound. On large NS12000-D12 at 128 bytes the
 * conflict repair ended with a tunnelling service split over two racks (4 + 4 + 2 + 4 = 14 against 12)
 * where every single step into the other rack was 1-160 MB short, but after moving all three PMs into
 * a rack, with a load balancer's backends stepping aside, the path is 12 (docs/placement.md).
 *
 * <p>Every rack is tried as a ledger trial and undone; the rack with the largest improvement is kept.
 */
final class RackRelocation {
    /** Racks tried besides the service's own: random ones, where the free room may be. */
    private static final int SAMPLED_RACKS = 16;

    private final LoadLedger ledger;
    private final Platform platform;
    private final PlacedPms placed;
    private final SplittableRandom random;
    /** Where an evicted group may go: servers near its service's other PMs plus a sample (the repair's candidates). */
    private final BiFunction<ServiceGraph, ServerNode, List<ServerNode>> refuges;

    private long movesEvaluated;

    RackRelocation(
            LoadLedger ledger,
            PlacedPms placed,
            SplittableRandom random,
            BiFunction<ServiceGraph, ServerNode, List<ServerNode>> refuges) {
        this.ledger = ledger;
        this.platform = ledger.platform();
        this.placed = placed;
        this.random = random;
        this.refuges = refuges;
    }

    long movesEvaluated() {
        return movesEvaluated;
    }

    /** One step of a relocation: PM {@code key} goes to {@code to}. */
    private record Step(int key, ServerNode to) {}

    /** Relocates the service if some rack lowers the total violation; returns the change (0: nothing moved). */
    long relocate(ServiceGraph ns) {
        for (ModuleNode pm : ns.pms()) if (placed.isPinned(pm.key()) || ledger.serverOf(pm.key()) == null) return 0;
        long bestDelta = 0;
        List<Step> bestPlan = null;
        for (int rack : racksToTry(ns)) {
            List<Step> plan = new ArrayList<>();
            ledger.beginTrial();
            long delta = tryRack(ns, rack, plan);
            ledger.rollback();
            if (delta < bestDelta) {
                bestDelta = delta;
                bestPlan = plan;
            }
        }
        if (bestPlan == null) return 0;
        // The loads depend only on where each PM ends, so the steps can be replayed in any order.
        for (Step step : bestPlan) {
            ServerNode from = ledger.serverOf(step.key());
            if (from == step.to()) continue;
            ledger.unassignPm(step.key());
            ledger.assignPm(step.key(), step.to());
            placed.move(step.key(), from, step.to());
        }
        return bestDelta;
    }

    private Set<Integer> racksToTry(ServiceGraph ns) {
        Set<Integer> racks = new LinkedHashSet<>();
        for (ModuleNode pm : ns.pms()) racks.add(ledger.serverOf(pm.key()).rack());
        int count = platform.racks().size();
        for (int i = 0; i < SAMPLED_RACKS && racks.size() < count; i++) racks.add(random.nextInt(count));
        return racks;
    }

    /**
     * Inside an open trial: takes the service off and puts its PMs into {@code rack}, recording each
     * move in {@code plan}; returns the change of the total violation, or {@link Long#MAX_VALUE} when
     * some PM finds no room.
     */
    private long tryRack(ServiceGraph ns, int rack, List<Step> plan) {
        long delayBefore = ledger.delayExcess(ns);
        long delta = 0;
        List<ModuleNode> order = ns.pmsInTopologicalOrder();
        for (ModuleNode pm : order) delta += ledger.unassignPm(pm.key());
        for (ModuleNode pm : order) {
            ServerNode to = leastViolatingFit(pm, rack);
            if (to == null) {
                long cleared = clearRoom(pm, rack, ns, plan);
                if (cleared == Long.MAX_VALUE) return Long.MAX_VALUE;
                delta += cleared;
                to = leastViolatingFit(pm, rack);
                if (to == null) return Long.MAX_VALUE;
            }
            delta += ledger.assignPm(pm.key(), to);
            plan.add(new Step(pm.key(), to));
        }
        return delta + ledger.delayExcess(ns) - delayBefore;
    }

    /** The server of the rack with room (CPU and memory) for the PM where it adds the least violation; null if none has room. */
    private ServerNode leastViolatingFit(ModuleNode pm, int rack) {
        ServerNode best = null;
        long least = Long.MAX_VALUE;
        for (ServerNode s : platform.racks().get(rack)) {
            if (!fits(s, pm.cpuCenti(), pm.memoryMb())) continue;
            movesEvaluated++;
            long d = ledger.assignPm(pm.key(), s);
            ledger.unassignPm(pm.key());
            if (d < least) {
                least = d;
                best = s;
            }
        }
        return best;
    }

    /**
     * Makes room for the PM on one server of the rack: the server that needs the least to leave, and
     * from it the groups of other services that can step aside at no cost, largest first, until the PM
     * fits. Returns the change of the total violation (at most 0), or {@link Long#MAX_VALUE} if no
     * server can be cleared so. The evictions stay on the ledger (inside the caller's trial).
     */
    private long clearRoom(ModuleNode pm, int rack, ServiceGraph ns, List<Step> plan) {
        List<ServerNode> servers = new ArrayList<>(platform.racks().get(rack));
        servers.sort((a, b) -> Long.compare(shortfall(a, pm), shortfall(b, pm)));
        for (ServerNode target : servers) {
            List<Step> evictions = new ArrayList<>();
            long delta = 0;
            int mark = plan.size();
            for (List<Integer> group : groupsBySizeOn(target, ns)) {
                if (fits(target, pm.cpuCenti(), pm.memoryMb())) break;
                long moved = stepAside(group, target, evictions);
                if (moved != Long.MAX_VALUE) delta += moved;
            }
            if (fits(target, pm.cpuCenti(), pm.memoryMb())) {
                plan.addAll(mark, evictions);
                return delta;
            }
            // Not enough could leave this server: put back what did, and try the next one.
            for (int i = evictions.size() - 1; i >= 0; i--) {
                ledger.unassignPm(evictions.get(i).key());
                ledger.assignPm(evictions.get(i).key(), target);
            }
        }
        return Long.MAX_VALUE;
    }

    /** What the server lacks for the PM, in MB of memory plus hundredths of a core (0 if it fits). */
    private long shortfall(ServerNode s, ModuleNode pm) {
        return Math.max(0, pm.memoryMb() - (s.memoryMb() - ledger.memoryUsed(s)))
                + Math.max(0, pm.cpuCenti() - (s.cpuCenti() - ledger.cpuUsed(s)));
    }

    /**
     * Moves the group to the server with room where it costs least, if that costs nothing (its service's
     * delay included); records the moves. Returns the change (at most 0), or {@link Long#MAX_VALUE} if
     * the group stays.
     */
    private long stepAside(List<Integer> group, ServerNode from, List<Step> evictions) {
        for (int k : group) if (ledger.serverOf(k) != from) return Long.MAX_VALUE; // left with its group
        ServiceGraph other = placed.serviceOf(group.get(0));
        long cpu = 0, mem = 0;
        for (int k : group) {
            cpu += placed.pm(k).cpuCenti();
            mem += placed.pm(k).memoryMb();
        }
        long delayBefore = ledger.delayExcess(other);
        long out = 0;
        for (int k : group) out += ledger.unassignPm(k);
        ServerNode best = null;
        long least = Long.MAX_VALUE;
        for (ServerNode to : refuges.apply(other, from)) {
            if (to == from || !fits(to, cpu, mem)) continue;
            movesEvaluated++;
            long d = out;
            for (int k : group) d += ledger.assignPm(k, to);
            d += ledger.delayExcess(other) - delayBefore;
            for (int k : group) ledger.unassignPm(k);
            if (d < least) {
                least = d;
                best = to;
            }
        }
        if (best == null || least > 0) {
            for (int k : group) ledger.assignPm(k, from);
            return Long.MAX_VALUE;
        }
        for (int k : group) {
            ledger.assignPm(k, best);
            evictions.add(new Step(k, best));
        }
        return least;
    }

    /**
     * The movable PMs of other services on the server: each service's PMs there together and, where
     * they are several, each alone (a PM off its service's bounded path may go anywhere); largest
     * memory first.
     */
    private List<List<Integer>> groupsBySizeOn(ServerNode server, ServiceGraph except) {
        List<List<Integer>> groups = new ArrayList<>();
        Set<ServiceGraph> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int k : new ArrayList<>(placed.on(server))) {
            ServiceGraph other = placed.serviceOf(k);
            if (other == except || !seen.add(other)) continue;
            List<Integer> group = new ArrayList<>();
            boolean pinned = false;
            for (ModuleNode pm : other.pms()) {
                if (ledger.serverOf(pm.key()) != server) continue;
                pinned |= placed.isPinned(pm.key());
                group.add(pm.key());
            }
            if (pinned || group.isEmpty()) continue; // empty: moved away earlier in this trial
            groups.add(group);
            if (group.size() > 1) for (int single : group) groups.add(List.of(single));
        }
        groups.sort((a, b) -> Long.compare(memoryOf(b), memoryOf(a)));
        return groups;
    }

    private long memoryOf(List<Integer> keys) {
        long sum = 0;
        for (int k : keys) sum += placed.pm(k).memoryMb();
        return sum;
    }

    private boolean fits(ServerNode s, long cpu, long mem) {
        return s.cpuCenti() - ledger.cpuUsed(s) >= cpu && s.memoryMb() - ledger.memoryUsed(s) >= mem;
    }
}
