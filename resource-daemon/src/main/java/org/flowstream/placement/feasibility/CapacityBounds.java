package org.flowstream.placement.feasibility;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowstream.placement.domain.DelayBound;
import org.flowstream.placement.domain.IoNode;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.NodeKind;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.PlatformLink;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceLink;
import org.flowstream.placement.domain.SinkNode;
import org.flowstream.placement.domain.SourceNode;
import org.flowstream.placement.domain.Units;

/**
 * Cheap proofs that no placement exists, checked before any search so that a hopeless request is
 * answered at once instead of at the time limit: one PM bigger than every server, total CPU and
 * memory, a bin-packing lower bound on the number of servers (Martello-Toth L2, per resource), the
 * traffic that must cross I/O links and server links, delay bounds shorter than the shortest
 * possible route, delay bounds so tight that a path's PMs must share a server ({@link DelayColocationBound}),
 * and last the packing of the ways services can be split ({@link SplitPackingBound}).
 * None of them can reject a problem that has a solution.
 */
public final class CapacityBounds {
    private CapacityBounds() {}

    /**
     * Per-platform figures the bounds need again and again (shortest delays from/to each I/O node,
     * capacity of each I/O node's links), computed once on first use. Keep one per platform when
     * checking many single services (the online placer).
     */
    public static final class PlatformFloors {
        private final Platform platform;
        private final int[] minIn;
        private final int[] minOut;
        private final long[] ioOutCapacity;
        private final long[] ioInCapacity;
        private final int minIntra;
        private final int minInter;
        final long maxCpu, maxMem, cpuHave, memHave;
        final boolean uniformCpu, uniformMem;
        final long maxDown, maxUp, totalDown, totalUp, torIn, torOut;

        public PlatformFloors(Platform platform) {
            this.platform = platform;
            int n = platform.ioNodes().size();
            minIn = new int[n];
            minOut = new int[n];
            java.util.Arrays.fill(minIn, -1);
            java.util.Arrays.fill(minOut, -1);
            ioOutCapacity = new long[n];
            ioInCapacity = new long[n];
            for (IoNode io : platform.ioNodes()) {
                for (PlatformLink l : platform.links()) {
                    if (l.from() == io.node()) ioOutCapacity[io.index()] += l.capacityBps();
                    if (l.to() == io.node()) ioInCapacity[io.index()] += l.capacityBps();
                }
            }
            minIntra = platform.servers().stream()
                    .mapToInt(ServerNode::intraDelay)
                    .min()
                    .orElse(0);
            // A link between two different servers crosses the sender's uplink and the receiver's downlink at least.
            minInter = platform.servers().stream()
                            .mapToInt(s -> s.uplink().delay())
                            .min()
                            .orElse(0)
                    + platform.servers().stream()
                            .mapToInt(s -> s.downlink().delay())
                            .min()
                            .orElse(0);
            List<ServerNode> servers = platform.servers();
            maxCpu = servers.stream().mapToLong(ServerNode::cpuCenti).max().orElse(0);
            maxMem = servers.stream().mapToLong(ServerNode::memoryMb).max().orElse(0);
            cpuHave = servers.stream().mapToLong(ServerNode::cpuCenti).sum();
            memHave = servers.stream().mapToLong(ServerNode::memoryMb).sum();
            uniformCpu = servers.stream().allMatch(s -> s.cpuCenti() == maxCpu);
            uniformMem = servers.stream().allMatch(s -> s.memoryMb() == maxMem);
            long md = 0, mu = 0, td = 0, tu = 0;
            for (ServerNode s : servers) {
                md = Math.max(md, s.downlink().capacityBps());
                mu = Math.max(mu, s.uplink().capacityBps());
                td += s.downlink().capacityBps();
                tu += s.uplink().capacityBps();
            }
            maxDown = md;
            maxUp = mu;
            totalDown = td;
            totalUp = tu;
            // Cut at the ToRs: traffic from I/O nodes reaches a server only through a link into its ToR
            // from a switch or I/O node (never from another server), and leaves through a link out of it.
            long in = 0, out = 0;
            java.util.Set<Integer> tors = new java.util.HashSet<>();
            for (int r = 0; r < platform.racks().size(); r++) tors.add(platform.rackTorNode(r));
            for (PlatformLink l : platform.links()) {
                boolean fromServer = platform.nodeKind(l.from()) == NodeKind.SERVER;
                boolean toServer = platform.nodeKind(l.to()) == NodeKind.SERVER;
                if (tors.contains(l.to()) && !fromServer) in += l.capacityBps();
                if (tors.contains(l.from()) && !toServer) out += l.capacityBps();
            }
            torIn = in;
            torOut = out;
        }

        int minIntra() {
            return minIntra;
        }

        /** Least delay of a link between two different servers. */
        int minInter() {
            return minInter;
        }

        int serverCount() {
            return platform.servers().size();
        }

        synchronized int minIn(IoNode io) {
            if (minIn[io.index()] < 0)
                minIn[io.index()] = platform.racks().stream()
                        .mapToInt(r -> platform.route(io, r.get(0)).delay())
                        .min()
                        .orElse(0);
            return minIn[io.index()];
        }

        synchronized int minOut(IoNode io) {
            if (minOut[io.index()] < 0)
                minOut[io.index()] = platform.racks().stream()
                        .mapToInt(r -> platform.route(r.get(0), io).delay())
                        .min()
                        .orElse(0);
            return minOut[io.index()];
        }
    }

    public static Optional<Infeasibility> check(Platform platform, List<ServiceGraph> services) {
        return check(platform, services, new PlatformFloors(platform));
    }

    public static Optional<Infeasibility> check(Platform platform, List<ServiceGraph> services, PlatformFloors floors) {
        List<ModuleNode> pms = new ArrayList<>();
        for (ServiceGraph ns : services) pms.addAll(ns.pms());
        List<ServerNode> servers = platform.servers();
        long maxCpu = floors.maxCpu;
        long maxMem = floors.maxMem;
        for (ModuleNode pm : pms) {
            if (pm.cpuCenti() > maxCpu)
                return Optional.of(new Infeasibility(
                        "cpu",
                        "PM " + pm.serviceId() + "/" + pm.name(),
                        String.format(
                                "needs %.2f cores, the largest server has %.2f",
                                pm.cpuCenti() / 100.0, maxCpu / 100.0)));
            if (pm.memoryMb() > maxMem)
                return Optional.of(new Infeasibility(
                        "memory",
                        "PM " + pm.serviceId() + "/" + pm.name(),
                        "needs " + pm.memoryMb() + " MB, the largest server has " + maxMem + " MB"));
        }
        long cpuNeed = pms.stream().mapToLong(ModuleNode::cpuCenti).sum();
        long cpuHave = floors.cpuHave;
        if (cpuNeed > cpuHave)
            return Optional.of(new Infeasibility(
                    "cpu",
                    "whole platform",
                    String.format(
                            "the PMs need %.2f cores in total, the %d servers have %.2f (%.2f short)",
                            cpuNeed / 100.0, servers.size(), cpuHave / 100.0, (cpuNeed - cpuHave) / 100.0)));
        long memNeed = pms.stream().mapToLong(ModuleNode::memoryMb).sum();
        long memHave = floors.memHave;
        if (memNeed > memHave)
            return Optional.of(new Infeasibility(
                    "memory",
                    "whole platform",
                    String.format(
                            "the PMs need %d MB in total, the %d servers have %d MB (%d MB short)",
                            memNeed, servers.size(), memHave, memNeed - memHave)));

        boolean uniformCpu = floors.uniformCpu;
        boolean uniformMem = floors.uniformMem;
        if (uniformCpu) {
            long bins = binPackingLowerBound(
                    pms.stream().mapToLong(ModuleNode::cpuCenti).toArray(), maxCpu);
            if (bins > servers.size())
                return Optional.of(new Infeasibility(
                        "cpu",
                        "whole platform",
                        String.format(
                                "bin packing: the PMs' CPU needs cannot be packed into fewer than %d servers of %.2f cores (Martello-Toth bound), the platform has %d",
                                bins, maxCpu / 100.0, servers.size())));
        }
        if (uniformMem) {
            long bins = binPackingLowerBound(
                    pms.stream().mapToLong(ModuleNode::memoryMb).toArray(), maxMem);
            if (bins > servers.size())
                return Optional.of(new Infeasibility(
                        "memory",
                        "whole platform",
                        String.format(
                                "bin packing: the PMs' memory needs cannot be packed into fewer than %d servers of %d MB (Martello-Toth bound), the platform has %d",
                                bins, maxMem, servers.size())));
        }
        Optional<Infeasibility> io = ioBandwidth(platform, services, floors);
        if (io.isPresent()) return io;
        Optional<Infeasibility> delay = delay(services, floors);
        if (delay.isPresent()) return delay;
        Optional<Infeasibility> colocation = DelayColocationBound.check(platform, services, floors);
        if (colocation.isPresent()) return colocation;
        return SplitPackingBound.check(platform, services);
    }

    /**
     * Traffic from a source must leave its I/O node and enter a server through the server's downlink;
     * traffic to a sink must leave a server through its uplink and enter one of the sink's I/O nodes.
     */
    static Optional<Infeasibility> ioBandwidth(Platform platform, List<ServiceGraph> services, PlatformFloors floors) {
        long ingress = 0, egress = 0;
        Map<IoNode, Long> perSourceIo = new HashMap<>();
        Map<IoNode, Long> perFixedSinkIo = new HashMap<>();
        long maxDown = floors.maxDown, maxUp = floors.maxUp, totalDown = floors.totalDown, totalUp = floors.totalUp;
        for (ServiceGraph ns : services) {
            for (ServiceLink l : ns.links()) {
                if (l.kind() == ServiceLink.Kind.INGRESS) {
                    ingress += l.trafficBps();
                    perSourceIo.merge(((SourceNode) l.from()).ioNode(), l.trafficBps(), Long::sum);
                    if (l.trafficBps() > maxDown)
                        return Optional.of(new Infeasibility(
                                "bandwidth",
                                "service link " + l,
                                mbps(l.trafficBps()) + " enters one server, whose link from its ToR carries at most "
                                        + mbps(maxDown)));
                } else if (l.kind() == ServiceLink.Kind.EGRESS) {
                    egress += l.trafficBps();
                    SinkNode sink = (SinkNode) l.to();
                    if (sink.getAllowed().size() == 1)
                        perFixedSinkIo.merge(sink.getAllowed().get(0), l.trafficBps(), Long::sum);
                    if (l.trafficBps() > maxUp)
                        return Optional.of(new Infeasibility(
                                "bandwidth",
                                "service link " + l,
                                mbps(l.trafficBps()) + " leaves one server, whose link to its ToR carries at most "
                                        + mbps(maxUp)));
                }
            }
        }
        long torIn = floors.torIn, torOut = floors.torOut;
        if (ingress > torIn)
            return Optional.of(new Infeasibility(
                    "bandwidth",
                    "links into the ToR switches",
                    "the sources send " + mbps(ingress)
                            + ", which must reach the racks through the links into their ToRs, " + mbps(torIn)
                            + " in all"));
        if (egress > torOut)
            return Optional.of(new Infeasibility(
                    "bandwidth",
                    "links out of the ToR switches",
                    "the sinks receive " + mbps(egress)
                            + ", which must leave the racks through the links out of their ToRs, " + mbps(torOut)
                            + " in all"));
        if (ingress > totalDown)
            return Optional.of(new Infeasibility(
                    "bandwidth",
                    "server downlinks",
                    "the sources send " + mbps(ingress)
                            + " that must enter servers through their ToR links, which carry " + mbps(totalDown)
                            + " in all"));
        if (egress > totalUp)
            return Optional.of(new Infeasibility(
                    "bandwidth",
                    "server uplinks",
                    "the sinks receive " + mbps(egress)
                            + " that must leave servers through their ToR links, which carry " + mbps(totalUp)
                            + " in all"));
        for (Map.Entry<IoNode, Long> e : perSourceIo.entrySet()) {
            long cap = 0;
            for (PlatformLink l : platform.links()) if (l.from() == e.getKey().node()) cap += l.capacityBps();
            if (e.getValue() > cap)
                return Optional.of(new Infeasibility(
                        "bandwidth",
                        "I/O node " + e.getKey().name(),
                        "its sources send " + mbps(e.getValue()) + ", its links into the platform carry " + mbps(cap)));
        }
        for (Map.Entry<IoNode, Long> e : perFixedSinkIo.entrySet()) {
            long cap = floors.ioInCapacity[e.getKey().index()];
            if (e.getValue() > cap)
                return Optional.of(new Infeasibility(
                        "bandwidth",
                        "I/O node " + e.getKey().name(),
                        "sinks that can only use it receive " + mbps(e.getValue())
                                + ", its links from the platform carry " + mbps(cap)));
        }
        return Optional.empty();
    }

    /** A bounded path cannot be shorter than its links' shortest possible routes. */
    static Optional<Infeasibility> delay(List<ServiceGraph> services, PlatformFloors floors) {
        for (ServiceGraph ns : services) {
            for (DelayBound b : ns.delayBounds()) {
                int least = leastDelay(b, floors);
                if (least > b.bound())
                    return Optional.of(new Infeasibility(
                            "delay",
                            "service " + ns.id(),
                            "bounded path " + b.id() + " has bound " + b.bound() + " but its "
                                    + b.path().size() + " links need at least " + least
                                    + " even with every PM of the path on one server"));
            }
        }
        return Optional.empty();
    }

    /** The least delay a bounded path can have: each link at its shortest possible route, PM-to-PM links inside one server. */
    static int leastDelay(DelayBound b, PlatformFloors floors) {
        int least = 0;
        for (ServiceLink l : b.path()) {
            least += switch (l.kind()) {
                case INGRESS -> floors.minIn(((SourceNode) l.from()).ioNode());
                case INTERNAL -> floors.minIntra;
                case EGRESS ->
                    ((SinkNode) l.to())
                            .getAllowed().stream()
                                    .mapToInt(floors::minOut)
                                    .min()
                                    .orElse(0);
            };
        }
        return least;
    }

    /**
     * Martello-Toth L2 lower bound on the number of bins of size {@code capacity} for the items.
     * For each threshold k (0 and every distinct size up to C/2): items above C-k need a bin each,
     * items in (C/2, C-k] need a bin each too, and items in [k, C/2] must fill what those leave.
     */
    public static long binPackingLowerBound(long[] items, long capacity) {
        long[] sorted = items.clone();
        Arrays.sort(sorted);
        long sum = 0;
        for (long v : sorted) sum += v;
        long best = (sum + capacity - 1) / capacity;
        List<Long> thresholds = new ArrayList<>();
        thresholds.add(0L);
        for (long v : sorted)
            if (v <= capacity / 2 && (thresholds.isEmpty() || thresholds.get(thresholds.size() - 1) != v))
                thresholds.add(v);
        // Every threshold gives a valid bound; 64 spread over the distinct sizes keep this linear enough for 45,000
        // PMs.
        int step = Math.max(1, thresholds.size() / 64);
        for (int t = 0; t < thresholds.size(); t += step) {
            long k = thresholds.get(t);
            long n1 = 0, n2 = 0, free2 = 0, sum3 = 0;
            for (long v : sorted) {
                if (v > capacity - k) n1++;
                else if (2 * v > capacity) {
                    n2++;
                    free2 += capacity - v;
                } else if (v >= k) sum3 += v;
            }
            long extra = Math.max(0, (sum3 - free2 + capacity - 1) / capacity);
            best = Math.max(best, n1 + n2 + extra);
        }
        return best;
    }

    private static String mbps(long bps) {
        return (bps / Units.BITS_PER_MBPS) + " Mbps";
    }
}
