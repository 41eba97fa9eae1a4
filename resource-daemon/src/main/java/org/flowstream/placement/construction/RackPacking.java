package org.flowstream.placement.construction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.flowstream.placement.domain.NodeKind;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.PlatformLink;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceLink;
import org.flowstream.placement.domain.SourceNode;

/**
 * Chooses a rack for every service where the sources' traffic alone nearly fills the links into the
 * racks (large NS8000 at 1024 bytes: 99.7 % of what the links into the ToRs carry). There a placement
 * must keep nearly every service whole in one rack, fill each rack's ToR links in and out almost
 * exactly, and keep what each core switch sends to each aggregation switch within that link; the
 * round robin fills racks one after the other and jams on the core-to-aggregation links.
 *
 * <p>The model is per rack, not per server: each service, whole in a rack, loads every link from its
 * sources' I/O nodes into the rack's ToR with what those sources send, the ToR's links out with what
 * it sends to its sinks, and the rack's CPU and memory (summed over its servers) with its PMs' needs.
 * Simulated annealing with moves and swaps of services between racks lowers the excess over those
 * capacities (CPU and memory kept near the platform's overall share, {@link #MARGIN}, so that the PMs can still be packed onto
 * servers); the round robin then places each service in its rack.
 */
final class RackPacking {
    /**
     * Each rack may take the platform's overall share of CPU (and of memory) plus this much: balanced
     * racks keep room to pack PMs onto servers. On NS8000-D20 at 1024 bytes (57 % of the CPU, 61 % of
     * the memory needed) 0.01-0.02 left 57-58 services without a clean fit in their rack and an initial
     * 469-470 violation units, 0.05 69 and 1133, a fixed 95 % of every rack 142 and 13526.
     */
    static final double MARGIN = 0.02;
    /** The packing runs only where the sources send at least this share of what the links into the ToRs carry. */
    static final double TIGHT = 0.95;

    private static final double START_TEMPERATURE = 50; // Mbps
    private static final double END_TEMPERATURE = 0.05;
    private static final long MOVES_PER_SERVICE = 1000;

    private final Platform platform;
    private final List<ServiceGraph> services;
    private final SplittableRandom random;

    /** Per service: the I/O node of each of its ingress links, and what that link carries. */
    private final int[][] sourceIo;

    private final long[][] sourceTraffic;
    /** Per I/O node and rack (built on first use): the links from the node into the rack, the server's downlink left out. */
    private final int[][][] linksIntoRack;

    private final long[] egress, cpu, memory;
    private final long[] linkLoad, linkCapacity;
    private final long[] rackEgress, rackEgressCapacity, rackCpu, rackCpuCapacity, rackMemory, rackMemoryCapacity;
    private final int[] rackOf;
    private double cost;
    private long moves;

    RackPacking(Platform platform, List<ServiceGraph> services, long seed) {
        this.platform = platform;
        this.services = services;
        this.random = new SplittableRandom(seed);
        int racks = platform.racks().size();
        int n = services.size();
        linkLoad = new long[platform.links().size()];
        linkCapacity = new long[linkLoad.length];
        for (PlatformLink l : platform.links()) linkCapacity[l.index()] = l.capacityBps();
        rackEgress = new long[racks];
        rackEgressCapacity = new long[racks];
        rackCpu = new long[racks];
        rackCpuCapacity = new long[racks];
        rackMemory = new long[racks];
        rackMemoryCapacity = new long[racks];
        for (int r = 0; r < racks; r++) {
            for (ServerNode s : platform.racks().get(r)) {
                rackCpuCapacity[r] += s.cpuCenti();
                rackMemoryCapacity[r] += s.memoryMb();
            }
            for (PlatformLink l : torLinks(r, false)) rackEgressCapacity[r] += l.capacityBps();
        }
        linksIntoRack = new int[platform.ioNodes().size()][racks][];
        sourceIo = new int[n][];
        sourceTraffic = new long[n][];
        egress = new long[n];
        cpu = new long[n];
        memory = new long[n];
        for (int i = 0; i < n; i++) {
            ServiceGraph ns = services.get(i);
            for (var pm : ns.pms()) {
                cpu[i] += pm.cpuCenti();
                memory[i] += pm.memoryMb();
            }
            List<ServiceLink> in = new ArrayList<>();
            for (ServiceLink l : ns.links()) {
                if (l.kind() == ServiceLink.Kind.INGRESS) in.add(l);
                if (l.kind() == ServiceLink.Kind.EGRESS) egress[i] += l.trafficBps();
            }
            sourceIo[i] = new int[in.size()];
            sourceTraffic[i] = new long[in.size()];
            for (int k = 0; k < in.size(); k++) {
                sourceIo[i][k] = ((SourceNode) in.get(k).from()).ioNode().index();
                sourceTraffic[i][k] = in.get(k).trafficBps();
            }
        }
        rackOf = new int[n];
        // Every rack gets about its share of the CPU and memory, so that each keeps room to pack PMs onto servers.
        double cpuShare = Math.min(
                1,
                (double) Arrays.stream(cpu).sum()
                                / Arrays.stream(rackCpuCapacity).sum()
                        + MARGIN);
        double memoryShare = Math.min(
                1,
                (double) Arrays.stream(memory).sum()
                                / Arrays.stream(rackMemoryCapacity).sum()
                        + MARGIN);
        for (int r = 0; r < racks; r++) {
            rackCpuCapacity[r] = (long) (rackCpuCapacity[r] * cpuShare);
            rackMemoryCapacity[r] = (long) (rackMemoryCapacity[r] * memoryShare);
        }
    }

    /** Whether the sources send at least {@link #TIGHT} of what the links into the racks' ToRs carry. */
    static boolean applies(Platform platform, List<ServiceGraph> services) {
        if (platform.racks().size() < 2) return false;
        long into = 0;
        for (int r = 0; r < platform.racks().size(); r++)
            for (PlatformLink l : torLinks(platform, r, true)) into += l.capacityBps();
        long sent = 0;
        for (ServiceGraph ns : services) sent += ingressBps(ns);
        return sent >= TIGHT * into;
    }

    /** What the service's sources send into it. */
    static long ingressBps(ServiceGraph ns) {
        long sum = 0;
        for (ServiceLink l : ns.links()) if (l.kind() == ServiceLink.Kind.INGRESS) sum += l.trafficBps();
        return sum;
    }

    /** Moves evaluated by {@link #assign}. */
    long movesEvaluated() {
        return moves;
    }

    /** Total excess of the packing, in Mbps (links) and hundredths of a core and MB (racks). */
    double excess() {
        return cost;
    }

    /**
     * The rack of each service (same order as the services): a worst-fit start by ingress, then
     * annealing until nothing is over or the moves or {@code stop} run out.
     */
    int[] assign(BooleanSupplier stop) {
        startWorstFit();
        long total = MOVES_PER_SERVICE * services.size();
        double ratio = END_TEMPERATURE / START_TEMPERATURE;
        double temperature = START_TEMPERATURE;
        int racks = platform.racks().size();
        int n = services.size();
        for (long m = 0; m < total && cost > 1e-9; m++) {
            if ((m & 4095) == 0) {
                if (stop.getAsBoolean()) break;
                temperature = START_TEMPERATURE * Math.pow(ratio, (double) m / total);
            }
            moves++;
            int i = random.nextInt(n);
            int from = rackOf[i];
            if (random.nextBoolean()) {
                int to = random.nextInt(racks);
                if (to == from) continue;
                double d = change(i, from, -1) + change(i, to, +1);
                if (d <= 0 || random.nextDouble() < Math.exp(-d / temperature)) {
                    rackOf[i] = to;
                    cost += d;
                } else {
                    change(i, to, -1);
                    change(i, from, +1);
                }
            } else {
                int j = random.nextInt(n);
                int other = rackOf[j];
                if (other == from) continue;
                double d = change(i, from, -1) + change(j, other, -1) + change(i, other, +1) + change(j, from, +1);
                if (d <= 0 || random.nextDouble() < Math.exp(-d / temperature)) {
                    rackOf[i] = other;
                    rackOf[j] = from;
                    cost += d;
                } else {
                    change(i, other, -1);
                    change(j, from, -1);
                    change(i, from, +1);
                    change(j, other, +1);
                }
            }
        }
        return rackOf.clone();
    }

    /** Largest services first, each into the rack with the most room left on its links into the ToR. */
    private void startWorstFit() {
        int n = services.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        long[] ingress = new long[n];
        for (int i = 0; i < n; i++) for (long t : sourceTraffic[i]) ingress[i] += t;
        Arrays.sort(order, (a, b) -> Long.compare(ingress[b], ingress[a]));
        int racks = platform.racks().size();
        long[] rackIngress = new long[racks];
        long[] rackIngressCapacity = new long[racks];
        for (int r = 0; r < racks; r++)
            for (PlatformLink l : torLinks(r, true)) rackIngressCapacity[r] += l.capacityBps();
        for (int i : order) {
            int best = 0;
            long most = Long.MIN_VALUE;
            for (int r = 0; r < racks; r++) {
                long room = rackIngressCapacity[r] - rackIngress[r];
                if (room > most) {
                    most = room;
                    best = r;
                }
            }
            rackOf[i] = best;
            rackIngress[best] += ingress[i];
            cost += change(i, best, +1);
        }
    }

    /** Adds ({@code sign} 1) or removes (-1) service {@code i} in {@code rack}; returns the change of the cost. */
    private double change(int i, int rack, int sign) {
        double d = 0;
        for (int k = 0; k < sourceIo[i].length; k++) {
            long t = sign * sourceTraffic[i][k];
            for (int li : linksInto(sourceIo[i][k], rack)) {
                d += excessChange(linkLoad[li], t, linkCapacity[li]) / 1e6;
                linkLoad[li] += t;
            }
        }
        d += excessChange(rackEgress[rack], sign * egress[i], rackEgressCapacity[rack]) / 1e6;
        rackEgress[rack] += sign * egress[i];
        d += excessChange(rackCpu[rack], sign * cpu[i], rackCpuCapacity[rack]);
        rackCpu[rack] += sign * cpu[i];
        d += excessChange(rackMemory[rack], sign * memory[i], rackMemoryCapacity[rack]);
        rackMemory[rack] += sign * memory[i];
        return d;
    }

    /** The links of the route from the I/O node to a server of the rack, but the server's own downlink. */
    private int[] linksInto(int io, int rack) {
        int[] links = linksIntoRack[io][rack];
        if (links == null) {
            PlatformLink[] route = platform.route(
                            platform.ioNodes().get(io),
                            platform.racks().get(rack).get(0))
                    .links();
            links = new int[route.length - 1];
            for (int k = 0; k < links.length; k++) links[k] = route[k].index();
            linksIntoRack[io][rack] = links;
        }
        return links;
    }

    private static long excessChange(long load, long add, long capacity) {
        return Math.max(0, load + add - capacity) - Math.max(0, load - capacity);
    }

    private List<PlatformLink> torLinks(int rack, boolean into) {
        return torLinks(platform, rack, into);
    }

    /** The links into (or out of) the rack's ToR from (to) a node that is not a server. */
    private static List<PlatformLink> torLinks(Platform platform, int rack, boolean into) {
        int tor = platform.rackTorNode(rack);
        List<PlatformLink> result = new ArrayList<>();
        for (PlatformLink l : platform.links()) {
            if (into && l.to() == tor && platform.nodeKind(l.from()) != NodeKind.SERVER) result.add(l);
            if (!into && l.from() == tor && platform.nodeKind(l.to()) != NodeKind.SERVER) result.add(l);
        }
        return result;
    }
}
