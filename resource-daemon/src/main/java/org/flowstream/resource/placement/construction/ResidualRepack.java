package org.flowstream.resource.placement.construction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

import org.flowstream.resource.placement.domain.NetworkService;
import org.flowstream.resource.placement.domain.ProcessingModule;
import org.flowstream.resource.placement.domain.Server;
import org.flowstream.resource.placement.feasibility.LoadLedger;

/**
 * An exact search on the residual of the annealing: a large-neighbourhood step that takes every
 * movable PM off a few servers (the ones still over capacity, plus random others) and tries every
 * way to put them back on those servers, keeping the first repacking with fewer violations.
 *
 * <p>The search is exact within its window because placing a PM only ever adds load on the ledger
 * (a service link carries traffic only once both its ends are placed), so the total violation can
 * only grow as the depth-first search goes deeper: a branch is cut as soon as it is no better than
 * the packing it would replace. That does not hold for delay bounds (a path's delay is counted only
 * once it is whole), so instances with delay bounds are left to the annealing.
 *
 * <p>Every length is counted (windows, search nodes), never timed, so the same seed gives the same
 * placement on any machine; the deadline only cuts it short.
 */
final class ResidualRepack {
    /** Servers emptied and refilled at once: three of the basic platform's packed servers hold about 20 PMs. */
    private static final int WINDOW_SERVERS = 3;
    /** Search nodes (PM placements tried) per window before it is given up. */
    private static final int NODES_PER_WINDOW = 20_000;

    private final LoadLedger ledger;
    private final List<NetworkService> services;
    private final Set<Integer> pinned;
    private final SplittableRandom random;
    private final Map<Integer, Integer> orderInService = new HashMap<>();
    private long nodes;

    ResidualRepack(LoadLedger ledger, List<NetworkService> services, Set<Integer> pinned, SplittableRandom random) {
        this.ledger = ledger;
        this.services = services;
        this.pinned = pinned;
        this.random = random;
        for (int s = 0; s < services.size(); s++) {
            List<ProcessingModule> pms = services.get(s).pms();
            for (int i = 0; i < pms.size(); i++) {
                orderInService.put(pms.get(i).key(), s * 1024 + i);
            }
        }
    }

    /** Whether the search is exact for these services (none has a delay bound). */
    static boolean applies(List<NetworkService> services) {
        return services.stream().allMatch(ns -> ns.delayBounds().isEmpty());
    }

    /**
     * Tries up to {@code windows} windows, stopping early when nothing is violated any more or
     * {@code stop} says so; returns the total violation left on the ledger.
     */
    long improve(int windows, BooleanSupplier stop) {
        long total = ledger.report(services).total();
        for (int w = 0; w < windows && total > 0 && !stop.getAsBoolean(); w++) total = tryWindow(total, stop);
        return total;
    }

    private long tryWindow(long total, BooleanSupplier stop) {
        List<Server> window = pickWindow();
        List<Integer> pms = new ArrayList<>();
        for (ProcessingModule pm : allPms()) {
            Server at = ledger.serverOf(pm.key());
            if (at != null && window.contains(at) && !pinned.contains(pm.key())) pms.add(pm.key());
        }
        // A service's PMs one after the other, so a chain's traffic is settled early and cuts come soon.
        pms.sort(Comparator.comparingInt(orderInService::get));
        Server[] original = new Server[pms.size()];
        long emptied = total;
        for (int i = 0; i < pms.size(); i++) {
            original[i] = ledger.serverOf(pms.get(i));
            emptied += ledger.unassignPm(pms.get(i));
        }
        nodes = 0;
        long found = search(pms, 0, window, emptied, total, stop);
        if (found >= 0) return found;
        for (int i = 0; i < pms.size(); i++) ledger.assignPm(pms.get(i), original[i]);
        return total;
    }

    /** Places pms[i..] on the window; returns the new total of the first packing below {@code bound}, or -1. */
    private long search(List<Integer> pms, int i, List<Server> window, long current, long bound, BooleanSupplier stop) {
        if (i == pms.size()) return current;
        for (Server s : window) {
            if (++nodes > NODES_PER_WINDOW || (nodes & 1023) == 0 && stop.getAsBoolean()) return -1;
            long next = current + ledger.assignPm(pms.get(i), s);
            if (next < bound) {
                long found = search(pms, i + 1, window, next, bound, stop);
                if (found >= 0) return found;
            }
            ledger.unassignPm(pms.get(i));
            if (nodes > NODES_PER_WINDOW) return -1;
        }
        return -1;
    }

    /** Servers over capacity first (in random order), then random others, {@link #WINDOW_SERVERS} in all. */
    private List<Server> pickWindow() {
        List<Server> servers = ledger.platform().servers();
        List<Server> over = new ArrayList<>();
        for (Server s : servers) if (overCapacity(s)) over.add(s);
        Set<Server> window = new LinkedHashSet<>();
        while (!over.isEmpty() && window.size() < WINDOW_SERVERS - 1) window.add(over.remove(random.nextInt(over.size())));
        int size = Math.min(WINDOW_SERVERS, servers.size());
        while (window.size() < size) window.add(servers.get(random.nextInt(servers.size())));
        return new ArrayList<>(window);
    }

    private boolean overCapacity(Server s) {
        return ledger.cpuUsed(s) > s.cpuCenti() || ledger.memoryUsed(s) > s.memoryMb() || ledger.internalUsed(s) > s.internalBps()
                || ledger.linkLoad(s.uplink()) > s.uplink().capacityBps() || ledger.linkLoad(s.downlink()) > s.downlink().capacityBps();
    }

    private List<ProcessingModule> allPms() {
        List<ProcessingModule> all = new ArrayList<>();
        for (NetworkService ns : services) all.addAll(ns.pms());
        return all;
    }
}
