package org.flowstream.placement.construction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.placement.domain.IoNode;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.NodeKind;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.PlatformLink;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceLink;
import org.flowstream.placement.domain.SinkNode;
import org.flowstream.placement.feasibility.LoadLedger;

/**
 * The greedy round robin of §3.2.3 in its two-level form: a rack pointer and, per rack, a server
 * pointer. A service is tried in the current rack: each PM (in DAG order) goes to the first server,
 * counting round robin from the pointer, where it violates nothing (CPU, memory, intra-server and link
 * bandwidth, checked on the ledger); the pointer then stays on that server, so chained PMs share a
 * server while they fit. Sinks take the allowed I/O node that adds no violation and the least delay.
 * If the service does not fit whole (capacities or delay bounds), the rack pointer moves on, as in the
 * paper; unlike the paper we retry the same service in the next racks (up to {@code maxRackTries})
 * before giving up, because a service split over racks is what makes the delay bounds fail. Only then
 * does each PM take the server with the least added violation (the paper's fallback).
 */
public final class RoundRobinPlacer {
    /** Outcome of placing one service. */
    public enum Outcome {
        FITTED,
        PLACED_WITH_VIOLATIONS,
        DID_NOT_FIT
    }

    private final LoadLedger ledger;
    private final Platform platform;
    private final int maxRackTries;
    private final int fallbackWindow;
    private int rackPointer;
    private final int[] serverPointer;
    private int globalPointer;
    /** Per rack, the ToR's links from and to outside the rack (built on first use). */
    private List<PlatformLink>[] torLinksIn, torLinksOut;

    public RoundRobinPlacer(LoadLedger ledger, int maxRackTries, int fallbackWindow) {
        this.ledger = ledger;
        this.platform = ledger.platform();
        this.maxRackTries = Math.max(1, maxRackTries);
        this.fallbackWindow = Math.max(1, fallbackWindow);
        this.serverPointer = new int[platform.racks().size()];
    }

    public void setRackPointer(int rack) {
        this.rackPointer = Math.floorMod(rack, platform.racks().size());
    }

    /**
     * Places the service's unplaced PMs and sinks on the ledger. With {@code allowViolations} false,
     * a service that cannot be placed without violations is left unplaced.
     */
    public Outcome place(ServiceGraph ns, boolean allowViolations) {
        return place(ns, allowViolations, false);
    }

    /**
     * @param everyRack when the window of {@code maxRackTries} racks fails, go on through every other
     *                  rack whose free CPU and memory could hold the whole service (the online placer:
     *                  a request must not be rejected while some rack outside the window fits it)
     */
    public Outcome place(ServiceGraph ns, boolean allowViolations, boolean everyRack) {
        List<ModuleNode> order = new ArrayList<>();
        for (ModuleNode pm : ns.pmsInTopologicalOrder()) if (ledger.serverOf(pm.key()) == null) order.add(pm);
        List<SinkNode> sinks = new ArrayList<>();
        for (SinkNode s : ns.sinks()) if (ledger.ioOf(s.key()) == null) sinks.add(s);
        int racks = platform.racks().size();
        int tries = Math.min(maxRackTries, racks);
        for (int t = 0; t < tries; t++) {
            int r = (rackPointer + t) % racks;
            if (tryRack(ns, order, sinks, r)) {
                rackPointer = r;
                return Outcome.FITTED;
            }
        }
        if (everyRack) {
            long cpu = order.stream().mapToLong(ModuleNode::cpuCenti).sum();
            long memory = order.stream().mapToLong(ModuleNode::memoryMb).sum();
            long ingress = 0, egress = 0;
            for (ServiceLink l : ns.links()) {
                if (l.kind() == ServiceLink.Kind.INGRESS) ingress += l.trafficBps();
                if (l.kind() == ServiceLink.Kind.EGRESS) egress += l.trafficBps();
            }
            for (int t = tries; t < racks; t++) {
                int r = (rackPointer + t) % racks;
                if (hasRoom(r, cpu, memory, ingress, egress) && tryRack(ns, order, sinks, r)) {
                    rackPointer = r;
                    return Outcome.FITTED;
                }
            }
        }
        rackPointer = (rackPointer + 1) % racks;
        if (!allowViolations) return Outcome.DID_NOT_FIT;
        placeLeastViolating(order, sinks);
        return Outcome.PLACED_WITH_VIOLATIONS;
    }

    /**
     * Whether the rack could hold the whole service (a quick test before a full try): free CPU and
     * memory summed over its servers, and free bandwidth on the links that enter its ToR from outside
     * the rack for what the sources send, and on those that leave it for what the sinks receive.
     */
    private boolean hasRoom(int rack, long cpu, long memory, long ingressBps, long egressBps) {
        long freeCpu = 0, freeMemory = 0;
        for (ServerNode s : platform.racks().get(rack)) {
            freeCpu += Math.max(0, s.cpuCenti() - ledger.cpuUsed(s));
            freeMemory += Math.max(0, s.memoryMb() - ledger.memoryUsed(s));
        }
        if (freeCpu < cpu || freeMemory < memory) return false;
        if (torLinksIn == null) collectTorLinks();
        return free(torLinksIn[rack]) >= ingressBps && free(torLinksOut[rack]) >= egressBps;
    }

    private long free(List<PlatformLink> links) {
        long free = 0;
        for (PlatformLink l : links) free += Math.max(0, l.capacityBps() - ledger.linkLoad(l));
        return free;
    }

    /** Per rack: the links into and out of its ToR that do not go to one of its servers. */
    @SuppressWarnings("unchecked")
    private void collectTorLinks() {
        int racks = platform.racks().size();
        torLinksIn = new List[racks];
        torLinksOut = new List[racks];
        Map<Integer, Integer> rackOfTor = new HashMap<>();
        for (int r = 0; r < racks; r++) {
            rackOfTor.put(platform.rackTorNode(r), r);
            torLinksIn[r] = new ArrayList<>();
            torLinksOut[r] = new ArrayList<>();
        }
        for (PlatformLink l : platform.links()) {
            Integer into = rackOfTor.get(l.to());
            if (into != null && platform.nodeKind(l.from()) != NodeKind.SERVER) torLinksIn[into].add(l);
            Integer outOf = rackOfTor.get(l.from());
            if (outOf != null && platform.nodeKind(l.to()) != NodeKind.SERVER) torLinksOut[outOf].add(l);
        }
    }

    /** Places the service's unplaced PMs and sinks where they add the least violation, without trying racks first. */
    public void placeLeastViolating(ServiceGraph ns) {
        List<ModuleNode> order = new ArrayList<>();
        for (ModuleNode pm : ns.pmsInTopologicalOrder()) if (ledger.serverOf(pm.key()) == null) order.add(pm);
        List<SinkNode> sinks = new ArrayList<>();
        for (SinkNode s : ns.sinks()) if (ledger.ioOf(s.key()) == null) sinks.add(s);
        placeLeastViolating(order, sinks);
    }

    /**
     * Places the service's unplaced PMs in the rack, each on the server where it adds the least
     * violation, and its sinks where they add the least (the rack packing's fallback: a service that
     * does not fit its rack cleanly stays there, where the racks' traffic was balanced for it).
     */
    public void placeLeastViolatingInRack(ServiceGraph ns, int rack) {
        for (ModuleNode pm : ns.pmsInTopologicalOrder()) {
            if (ledger.serverOf(pm.key()) != null) continue;
            ServerNode best = null;
            long bestDelta = Long.MAX_VALUE;
            for (ServerNode s : platform.racks().get(rack)) {
                long delta = ledger.assignPm(pm.key(), s);
                ledger.unassignPm(pm.key());
                if (delta < bestDelta) {
                    bestDelta = delta;
                    best = s;
                }
            }
            ledger.assignPm(pm.key(), best);
        }
        for (SinkNode sink : ns.sinks()) if (ledger.ioOf(sink.key()) == null) bestIo(sink, false);
    }

    private boolean tryRack(ServiceGraph ns, List<ModuleNode> order, List<SinkNode> sinks, int rack) {
        List<ServerNode> servers = platform.racks().get(rack);
        int k = servers.size();
        int ptr = serverPointer[rack];
        List<ModuleNode> placed = new ArrayList<>(order.size());
        for (ModuleNode pm : order) {
            boolean found = false;
            for (int i = 0; i < k; i++) {
                int idx = (ptr + i) % k;
                if (ledger.assignPm(pm.key(), servers.get(idx)) == 0) {
                    ptr = idx;
                    found = true;
                    break;
                }
                ledger.unassignPm(pm.key());
            }
            if (!found) {
                for (ModuleNode p : placed) ledger.unassignPm(p.key());
                return false;
            }
            placed.add(pm);
        }
        List<SinkNode> placedSinks = new ArrayList<>(sinks.size());
        for (SinkNode sink : sinks) {
            if (bestIo(sink, true) == null) {
                for (SinkNode s : placedSinks) ledger.unassignSink(s.key());
                for (ModuleNode p : placed) ledger.unassignPm(p.key());
                return false;
            }
            placedSinks.add(sink);
        }
        if (ledger.delayExcess(ns) > 0) {
            for (SinkNode s : placedSinks) ledger.unassignSink(s.key());
            for (ModuleNode p : placed) ledger.unassignPm(p.key());
            return false;
        }
        serverPointer[rack] = ptr;
        return true;
    }

    /**
     * Assigns the sink to the allowed I/O node with the least added violation, then the least delay
     * of its incoming routes. With {@code mustFit}, gives up (returns null, sink unplaced) when every
     * choice adds a violation.
     */
    private IoNode bestIo(SinkNode sink, boolean mustFit) {
        IoNode best = null;
        long bestDelta = Long.MAX_VALUE;
        int bestDelay = Integer.MAX_VALUE;
        for (IoNode io : sink.getAllowed()) {
            long delta = ledger.assignSink(sink.key(), io);
            int delay = ledger.incomingDelay(sink.key());
            ledger.unassignSink(sink.key());
            if (delta < bestDelta || (delta == bestDelta && delay < bestDelay)) {
                best = io;
                bestDelta = delta;
                bestDelay = delay;
            }
        }
        if (mustFit && bestDelta > 0) return null;
        ledger.assignSink(sink.key(), best);
        return best;
    }

    /** The paper's fallback: first server from the global pointer that fits, else the least violating one. */
    private void placeLeastViolating(List<ModuleNode> order, List<SinkNode> sinks) {
        List<ServerNode> servers = platform.servers();
        int n = servers.size();
        int window = Math.min(n, fallbackWindow);
        for (ModuleNode pm : order) {
            ServerNode best = null;
            long bestDelta = Long.MAX_VALUE;
            for (int i = 0; i < window; i++) {
                ServerNode s = servers.get((globalPointer + i) % n);
                long delta = ledger.assignPm(pm.key(), s);
                ledger.unassignPm(pm.key());
                if (delta < bestDelta) {
                    bestDelta = delta;
                    best = s;
                    if (delta == 0) break;
                }
            }
            ledger.assignPm(pm.key(), best);
            globalPointer = best.index();
        }
        for (SinkNode sink : sinks) bestIo(sink, false);
    }
}
