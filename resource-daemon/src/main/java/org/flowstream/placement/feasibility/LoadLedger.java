package org.flowstream.placement.feasibility;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flowstream.placement.domain.DelayBound;
import org.flowstream.placement.domain.IoNode;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.PlatformLink;
import org.flowstream.placement.domain.Route;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceLink;
import org.flowstream.placement.domain.ServiceNode;
import org.flowstream.placement.domain.SinkNode;
import org.flowstream.placement.domain.SourceNode;
import org.flowstream.placement.domain.Units;

/**
 * Running totals of what a (partial) placement uses: CPU, memory and intra-server traffic per server
 * and reserved traffic per platform link. Placing or removing one PM or sink touches only the links
 * incident to it, and returns how much the total violation changed, which is what the greedy round
 * robin and the online placer need ("does this assignment violate anything?"). Locations are kept by
 * node key, so the ledger works on any clone of a solution.
 */
public final class LoadLedger {
    private final Platform platform;
    private final long[] cpu;
    private final long[] memory;
    private final long[] internal;
    private final long[] linkLoad;
    private ServerNode[] serverOf = new ServerNode[0];
    private IoNode[] ioOf = new IoNode[0];
    private long[] cpuOf = new long[0];
    private long[] memOf = new long[0];

    @SuppressWarnings("unchecked")
    private List<ServiceLink>[] incident = new List[0];
    /**
     * Optional penalty weights per server resource and per link (null: off). A search that keeps
     * failing on the same resources raises their weights (breakout), so that it pays to move the
     * violation elsewhere. The unweighted deltas the methods return never change; the weighted change
     * is summed on the side ({@link #takeWeightedChange()}).
     */
    private long[] cpuWeight, memoryWeight, internalWeight, linkWeight;

    private long weightedChange;

    /**
     * The undo journal of an open trial ({@link #beginTrial}): each value a trial overwrites, as a
     * slot (index times {@link #SLOTS} plus the array's tag) and its old value. Undoing a rejected
     * move from the journal costs a few array writes, where moving the PMs back would walk every
     * incident link and its route again: most moves a search evaluates are rejected.
     */
    private boolean journaling;

    private int[] journalSlot = new int[64];
    private long[] journalOld = new long[64];
    private int journalSize;
    private long weightedChangeAtTrial;

    private static final int SLOTS = 8, CPU = 0, MEMORY = 1, INTERNAL = 2, LINK = 3, SERVER_OF = 4;

    public LoadLedger(Platform platform) {
        this.platform = platform;
        int servers = platform.servers().size();
        cpu = new long[servers];
        memory = new long[servers];
        internal = new long[servers];
        linkLoad = new long[platform.links().size()];
    }

    public Platform platform() {
        return platform;
    }

    private void ensure(int key) {
        if (key < serverOf.length) return;
        int n = Math.max(key + 1, serverOf.length * 2);
        serverOf = Arrays.copyOf(serverOf, n);
        ioOf = Arrays.copyOf(ioOf, n);
        cpuOf = Arrays.copyOf(cpuOf, n);
        memOf = Arrays.copyOf(memOf, n);
        incident = Arrays.copyOf(incident, n);
    }

    /** Makes a service known: its sources are where they are, nothing else is placed yet. */
    public void register(ServiceGraph ns) {
        for (SourceNode s : ns.sources()) {
            ensure(s.key());
            ioOf[s.key()] = s.ioNode();
        }
        for (ModuleNode pm : ns.pms()) {
            ensure(pm.key());
            cpuOf[pm.key()] = pm.cpuCenti();
            memOf[pm.key()] = pm.memoryMb();
        }
        for (SinkNode s : ns.sinks()) ensure(s.key());
        for (ServiceLink l : ns.links()) {
            for (int key : new int[] {l.fromKey(), l.toKey()}) {
                ensure(key);
                if (incident[key] == null) incident[key] = new ArrayList<>(4);
                incident[key].add(l);
            }
        }
    }

    /** Removes everything of a service that is placed and forgets it. */
    public void unregister(ServiceGraph ns) {
        for (ModuleNode pm : ns.pms()) if (serverOf(pm.key()) != null) unassignPm(pm.key());
        for (SinkNode s : ns.sinks()) if (ioOf(s.key()) != null) unassignSink(s.key());
        for (ServiceNode n : allNodes(ns)) {
            incident[n.key()] = null;
            ioOf[n.key()] = null;
            serverOf[n.key()] = null;
        }
    }

    private static List<ServiceNode> allNodes(ServiceGraph ns) {
        List<ServiceNode> all = new ArrayList<>(ns.sources());
        all.addAll(ns.pms());
        all.addAll(ns.sinks());
        return all;
    }

    public ServerNode serverOf(int pmKey) {
        return pmKey < serverOf.length ? serverOf[pmKey] : null;
    }

    public IoNode ioOf(int nodeKey) {
        return nodeKey < ioOf.length ? ioOf[nodeKey] : null;
    }

    private boolean located(int key) {
        return serverOf[key] != null || ioOf[key] != null;
    }

    /** Places a PM; returns the increase of total violations (0 means nothing got violated). */
    public long assignPm(int pmKey, ServerNode server) {
        if (serverOf[pmKey] != null) throw new IllegalStateException("PM " + pmKey + " is already placed");
        long delta = 0;
        int s = server.index();
        if (journaling) journalServerResources(s, pmKey);
        long dc = excessChange(cpu[s], cpuOf[pmKey], server.cpuCenti());
        cpu[s] += cpuOf[pmKey];
        long dm = excessChange(memory[s], memOf[pmKey], server.memoryMb());
        memory[s] += memOf[pmKey];
        delta += dc + dm;
        if (cpuWeight != null) weightedChange += dc * cpuWeight[s] + dm * memoryWeight[s];
        serverOf[pmKey] = server;
        delta += applyIncident(pmKey, +1);
        return delta;
    }

    /** Removes a PM; returns the change of total violations (zero or negative). */
    public long unassignPm(int pmKey) {
        ServerNode server = serverOf[pmKey];
        if (server == null) throw new IllegalStateException("PM " + pmKey + " is not placed");
        long delta = applyIncident(pmKey, -1);
        int s = server.index();
        if (journaling) journalServerResources(s, pmKey);
        long dc = excessChange(cpu[s], -cpuOf[pmKey], server.cpuCenti());
        cpu[s] -= cpuOf[pmKey];
        long dm = excessChange(memory[s], -memOf[pmKey], server.memoryMb());
        memory[s] -= memOf[pmKey];
        delta += dc + dm;
        if (cpuWeight != null) weightedChange += dc * cpuWeight[s] + dm * memoryWeight[s];
        serverOf[pmKey] = null;
        return delta;
    }

    public long assignSink(int sinkKey, IoNode io) {
        if (ioOf[sinkKey] != null) throw new IllegalStateException("sink " + sinkKey + " is already placed");
        ioOf[sinkKey] = io;
        return applyIncident(sinkKey, +1);
    }

    public long unassignSink(int sinkKey) {
        long delta = applyIncident(sinkKey, -1);
        ioOf[sinkKey] = null;
        return delta;
    }

    /** Adds or removes the traffic of every link between this node and an already placed node. */
    private long applyIncident(int key, int sign) {
        List<ServiceLink> links = incident[key];
        if (links == null) return 0;
        long delta = 0;
        for (ServiceLink l : links) {
            int other = l.fromKey() == key ? l.toKey() : l.fromKey();
            if (!located(other)) continue;
            long t = sign * l.trafficBps();
            if (l.kind() == ServiceLink.Kind.INTERNAL && serverOf[l.fromKey()] == serverOf[l.toKey()]) {
                ServerNode srv = serverOf[l.fromKey()];
                if (journaling) journal(INTERNAL, srv.index(), internal[srv.index()]);
                long d = mbpsExcessChange(internal[srv.index()], t, srv.internalBps());
                delta += d;
                if (cpuWeight != null) weightedChange += d * internalWeight[srv.index()];
                internal[srv.index()] += t;
                continue;
            }
            for (PlatformLink pl : route(l).links()) {
                if (journaling) journal(LINK, pl.index(), linkLoad[pl.index()]);
                long d = mbpsExcessChange(linkLoad[pl.index()], t, pl.capacityBps());
                delta += d;
                if (cpuWeight != null) weightedChange += d * linkWeight[pl.index()];
                linkLoad[pl.index()] += t;
            }
        }
        return delta;
    }

    /**
     * Opens a trial: from now on every change to the PMs' servers and the loads is journalled, so that
     * {@link #rollback} can put all of it back exactly. Sinks are not journalled (trials move PMs).
     */
    public void beginTrial() {
        journaling = true;
        journalSize = 0;
        weightedChangeAtTrial = weightedChange;
    }

    /** Keeps what the open trial changed and closes it. */
    public void commit() {
        journaling = false;
    }

    /** Puts back everything the open trial changed (loads, PMs' servers, the weighted change) and closes it. */
    public void rollback() {
        List<ServerNode> servers = platform.servers();
        for (int i = journalSize - 1; i >= 0; i--) {
            int index = journalSlot[i] / SLOTS;
            long old = journalOld[i];
            switch (journalSlot[i] % SLOTS) {
                case CPU -> cpu[index] = old;
                case MEMORY -> memory[index] = old;
                case INTERNAL -> internal[index] = old;
                case LINK -> linkLoad[index] = old;
                default -> serverOf[index] = old < 0 ? null : servers.get((int) old);
            }
        }
        weightedChange = weightedChangeAtTrial;
        journaling = false;
    }

    private void journalServerResources(int server, int pmKey) {
        journal(CPU, server, cpu[server]);
        journal(MEMORY, server, memory[server]);
        ServerNode at = serverOf[pmKey];
        journal(SERVER_OF, pmKey, at == null ? -1 : at.index());
    }

    private void journal(int tag, int index, long old) {
        if (journalSize == journalSlot.length) {
            journalSlot = Arrays.copyOf(journalSlot, journalSize * 2);
            journalOld = Arrays.copyOf(journalOld, journalSize * 2);
        }
        journalSlot[journalSize] = index * SLOTS + tag;
        journalOld[journalSize++] = old;
    }

    /** The route of a service link whose two ends are placed. */
    public Route route(ServiceLink l) {
        return switch (l.kind()) {
            case INGRESS -> platform.route(ioOf[l.fromKey()], serverOf[l.toKey()]);
            case INTERNAL -> platform.route(serverOf[l.fromKey()], serverOf[l.toKey()]);
            case EGRESS -> platform.route(serverOf[l.fromKey()], ioOf[l.toKey()]);
        };
    }

    private boolean placed(ServiceLink l) {
        return located(l.fromKey()) && located(l.toKey());
    }

    /** Sum of the delays of the placed links into a node (used to pick a sink's I/O node). */
    public int incomingDelay(int key) {
        int total = 0;
        List<ServiceLink> links = incident[key];
        if (links == null) return 0;
        for (ServiceLink l : links) if (l.toKey() == key && placed(l)) total += route(l).delay();
        return total;
    }

    /** Delay of a bounded path, or -1 while some node on it is not placed. */
    public int pathDelay(DelayBound bound) {
        int total = 0;
        for (ServiceLink l : bound.path()) {
            if (!placed(l)) return -1;
            total += route(l).delay();
        }
        return total;
    }

    /** Delay above the bounds of a service's bounded paths (unplaced paths count as 0). */
    public long delayExcess(ServiceGraph ns) {
        long excess = 0;
        for (DelayBound b : ns.delayBounds()) {
            int d = pathDelay(b);
            if (d > b.bound()) excess += d - b.bound();
        }
        return excess;
    }

    private static long excessChange(long load, long add, long capacity) {
        return Math.max(0, load + add - capacity) - Math.max(0, load - capacity);
    }

    private static long mbpsExcessChange(long load, long add, long capacity) {
        return Units.excessMbps(load + add - capacity) - Units.excessMbps(load - capacity);
    }

    /** Turns the breakout weights on, all 1, and clears the weighted change. */
    public void enableWeights() {
        int servers = platform.servers().size();
        cpuWeight = new long[servers];
        memoryWeight = new long[servers];
        internalWeight = new long[servers];
        linkWeight = new long[linkLoad.length];
        Arrays.fill(cpuWeight, 1);
        Arrays.fill(memoryWeight, 1);
        Arrays.fill(internalWeight, 1);
        Arrays.fill(linkWeight, 1);
        weightedChange = 0;
    }

    public void disableWeights() {
        cpuWeight = memoryWeight = internalWeight = linkWeight = null;
        weightedChange = 0;
    }

    /** The weighted change of capacity violations since the last call (zero while weights are off). */
    public long takeWeightedChange() {
        long w = weightedChange;
        weightedChange = 0;
        return w;
    }

    /** Adds {@code step} to the weight of every resource that is over its capacity now. */
    public void raiseWeightsOfViolated(long step) {
        for (ServerNode s : platform.servers()) {
            int i = s.index();
            if (cpu[i] > s.cpuCenti()) cpuWeight[i] += step;
            if (memory[i] > s.memoryMb()) memoryWeight[i] += step;
            if (internal[i] > s.internalBps()) internalWeight[i] += step;
        }
        for (PlatformLink l : platform.links())
            if (linkLoad[l.index()] > l.capacityBps()) linkWeight[l.index()] += step;
    }

    public long cpuUsed(ServerNode s) {
        return cpu[s.index()];
    }

    public long memoryUsed(ServerNode s) {
        return memory[s.index()];
    }

    public long internalUsed(ServerNode s) {
        return internal[s.index()];
    }

    public long linkLoad(PlatformLink l) {
        return linkLoad[l.index()];
    }

    /** Capacity violations of everything placed, plus the delay excess of the given services. */
    public ViolationReport report(List<ServiceGraph> services) {
        long c = 0, m = 0, bw = 0, d = 0;
        for (ServerNode s : platform.servers()) {
            c += Math.max(0, cpu[s.index()] - s.cpuCenti());
            m += Math.max(0, memory[s.index()] - s.memoryMb());
            bw += Units.excessMbps(internal[s.index()] - s.internalBps());
        }
        for (PlatformLink l : platform.links()) bw += Units.excessMbps(linkLoad[l.index()] - l.capacityBps());
        for (ServiceGraph ns : services) d += delayExcess(ns);
        return new ViolationReport(c, m, bw, d);
    }
}
