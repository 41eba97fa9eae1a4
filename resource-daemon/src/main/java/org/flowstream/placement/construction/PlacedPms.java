package org.flowstream.placement.construction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.feasibility.LoadLedger;

/**
 * The PMs a repair works on ({@link ConflictRepair}, {@link AnnealingRepair}): each one's service,
 * whether it may move, and which PMs each server holds. The ledger knows where a PM is; this index
 * answers the other way round, and the repair that moves a PM on the ledger tells it too
 * ({@link #move}). Servers are kept in the order they first received a PM, never in identity-hash
 * order, so a repair walks them the same way on every run (reproducible for a seed).
 */
final class PlacedPms {
    /**
     * Each PM's service and whether it is pinned, indexed by PM key (keys are dense small integers):
     * the annealing asks both for every PM on a server at every move, where boxed map lookups cost a
     * tenth of its time.
     */
    private final ServiceGraph[] serviceOfPm;

    private final ModuleNode[] pmOfKey;

    private final boolean[] pinned;
    private final Map<ServerNode, List<Integer>> onServer = new LinkedHashMap<>();
    private final List<Integer> movable = new ArrayList<>();

    /** Indexes the PMs of {@code services} that the ledger has placed; {@code pinned} ones never move. */
    PlacedPms(LoadLedger ledger, List<ServiceGraph> services, Set<Integer> pinned) {
        int keys = 0;
        for (ServiceGraph ns : services) for (ModuleNode pm : ns.pms()) keys = Math.max(keys, pm.key() + 1);
        serviceOfPm = new ServiceGraph[keys];
        pmOfKey = new ModuleNode[keys];
        this.pinned = new boolean[keys];
        for (int k : pinned) if (k < keys) this.pinned[k] = true;
        for (ServiceGraph ns : services) {
            for (ModuleNode pm : ns.pms()) {
                serviceOfPm[pm.key()] = ns;
                pmOfKey[pm.key()] = pm;
                ServerNode at = ledger.serverOf(pm.key());
                if (at == null) continue;
                onServer.computeIfAbsent(at, x -> new ArrayList<>()).add(pm.key());
                if (!pinned.contains(pm.key())) movable.add(pm.key());
            }
        }
    }

    /** The service of one of the indexed PMs. */
    ServiceGraph serviceOf(int pmKey) {
        return serviceOfPm[pmKey];
    }

    /** One of the indexed PMs (its CPU and memory). */
    ModuleNode pm(int pmKey) {
        return pmOfKey[pmKey];
    }

    /** Whether one of the indexed PMs is pinned. */
    boolean isPinned(int pmKey) {
        return pinned[pmKey];
    }

    /** Placed PMs that may move, in the order of the services and their PMs. */
    List<Integer> movable() {
        return Collections.unmodifiableList(movable);
    }

    /** PMs on the server (pinned ones included), in the order they arrived; empty if none. */
    List<Integer> on(ServerNode server) {
        return Collections.unmodifiableList(onServer.getOrDefault(server, List.of()));
    }

    /** Every server that has held a PM, with its PMs. */
    Map<ServerNode, List<Integer>> byServer() {
        return Collections.unmodifiableMap(onServer);
    }

    /** Records that the repair moved a PM on the ledger. */
    void move(int pmKey, ServerNode from, ServerNode to) {
        List<Integer> there = onServer.get(from);
        if (there != null) there.remove(Integer.valueOf(pmKey));
        onServer.computeIfAbsent(to, x -> new ArrayList<>()).add(pmKey);
    }
}
