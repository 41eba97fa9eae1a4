package org.flowstream.placement.feasibility;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowstream.placement.domain.DelayBound;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceLink;
import org.flowstream.placement.domain.SinkNode;
import org.flowstream.placement.domain.SourceNode;
import org.flowstream.placement.domain.Units;

/**
 * A delay bound so tight that a bounded path's PMs must share one server.
 *
 * <p>The least delay of a bounded path counts every PM-to-PM link at the smallest intra-server delay.
 * A link between two different servers crosses at least the sender's uplink and the receiver's
 * downlink (servers are never transit), so it costs at least {@code minInter} = least uplink delay +
 * least downlink delay. If the path's least delay plus {@code minInter - minIntra} exceeds the bound,
 * none of its PM-to-PM links may leave a server: all its PMs sit on one server. (Large platform, bound
 * 10: I/O node to server 4, two intra-server links 1 + 1, server to I/O node 4; splitting the chain
 * makes one link 2, so 11.)
 *
 * <p>Forced groups (paths of one service that share a PM are merged) must then fit one server on their
 * own: CPU, memory, the traffic between their PMs on its internal bandwidth, the traffic their sources
 * send them on its downlink, and what they send to sinks on its uplink. And all PMs, with each forced
 * group counted as one item, must still pack into the servers by CPU and by memory (the Martello-Toth
 * bound applies to any items, merged ones included). Sound: it only adds consequences of the bounds.
 */
public final class DelayColocationBound {
    private DelayColocationBound() {}

    /** The PMs one delay bound forces onto one server, merged per service. */
    record ForcedGroup(
            ServiceGraph service,
            List<ModuleNode> pms,
            long cpu,
            long memory,
            long internalBps,
            long fromSourcesBps,
            long toSinksBps) {}

    public static Optional<Infeasibility> check(
            Platform platform, List<ServiceGraph> services, CapacityBounds.PlatformFloors floors) {
        List<ServerNode> servers = platform.servers();
        if (servers.size() < 2) return Optional.empty();
        int splitPenalty = floors.minInter() - floors.minIntra();
        if (splitPenalty <= 0) return Optional.empty();
        List<ForcedGroup> groups = new ArrayList<>();
        for (ServiceGraph ns : services) groups.addAll(forcedGroups(ns, floors, splitPenalty));
        if (groups.isEmpty()) return Optional.empty();

        List<ForcedGroup> tooBig = new ArrayList<>();
        for (ForcedGroup g : groups) if (!fitsSomeServer(g, servers)) tooBig.add(g);
        if (!tooBig.isEmpty()) {
            ForcedGroup e = tooBig.get(0);
            return Optional.of(new Infeasibility(
                    "delay",
                    tooBig.size() + " of " + services.size() + " services",
                    String.format(
                            "a bounded path's PMs must share one server (a link between two servers adds at least %d to the path's least delay, "
                                    + "which would exceed the bound), and %d services cannot fit theirs on any server; e.g. service %s: %d PMs need "
                                    + "%.2f cores, %d MB, %d Mbps between them, %d Mbps in from sources and %d Mbps out to sinks, a server has "
                                    + "%.2f cores, %d MB, %d Mbps internal, %d Mbps down and %d Mbps up",
                            splitPenalty,
                            tooBig.size(),
                            e.service().id(),
                            e.pms().size(),
                            e.cpu() / 100.0,
                            e.memory(),
                            mbps(e.internalBps()),
                            mbps(e.fromSourcesBps()),
                            mbps(e.toSinksBps()),
                            floors.maxCpu / 100.0,
                            floors.maxMem,
                            mbps(servers.get(0).internalBps()),
                            mbps(floors.maxDown),
                            mbps(floors.maxUp))));
        }
        return packing(services, groups, floors);
    }

    /** Bin packing with each forced group as one item: merged items can only need more servers. */
    private static Optional<Infeasibility> packing(
            List<ServiceGraph> services, List<ForcedGroup> groups, CapacityBounds.PlatformFloors floors) {
        Map<Integer, Boolean> grouped = new HashMap<>();
        for (ForcedGroup g : groups) for (ModuleNode pm : g.pms()) grouped.put(pm.key(), true);
        List<long[]> items = new ArrayList<>();
        for (ForcedGroup g : groups) items.add(new long[] {g.cpu(), g.memory()});
        for (ServiceGraph ns : services) {
            for (ModuleNode pm : ns.pms())
                if (!grouped.containsKey(pm.key())) items.add(new long[] {pm.cpuCenti(), pm.memoryMb()});
        }
        int servers = floors.serverCount();
        if (floors.uniformCpu) {
            long bins = CapacityBounds.binPackingLowerBound(
                    items.stream().mapToLong(i -> i[0]).toArray(), floors.maxCpu);
            if (bins > servers)
                return Optional.of(new Infeasibility(
                        "delay",
                        "whole platform",
                        String.format(
                                "%d bounded paths must each have their PMs on one server, and then the PMs' CPU needs cannot be packed into fewer "
                                        + "than %d servers of %.2f cores (Martello-Toth bound), the platform has %d",
                                groups.size(), bins, floors.maxCpu / 100.0, servers)));
        }
        if (floors.uniformMem) {
            long bins = CapacityBounds.binPackingLowerBound(
                    items.stream().mapToLong(i -> i[1]).toArray(), floors.maxMem);
            if (bins > servers)
                return Optional.of(new Infeasibility(
                        "delay",
                        "whole platform",
                        String.format(
                                "%d bounded paths must each have their PMs on one server, and then the PMs' memory needs cannot be packed into fewer "
                                        + "than %d servers of %d MB (Martello-Toth bound), the platform has %d",
                                groups.size(), bins, floors.maxMem, servers)));
        }
        return Optional.empty();
    }

    /** The PM sets the service's tight bounds force together; bounds that share a PM are merged. */
    static List<ForcedGroup> forcedGroups(ServiceGraph ns, CapacityBounds.PlatformFloors floors, int splitPenalty) {
        Map<Integer, Integer> groupOf = new HashMap<>();
        List<List<ModuleNode>> sets = new ArrayList<>();
        for (DelayBound b : ns.delayBounds()) {
            if (CapacityBounds.leastDelay(b, floors) + splitPenalty <= b.bound()) continue;
            List<ModuleNode> onPath = new ArrayList<>();
            for (ServiceLink l : b.path()) {
                if (l.to() instanceof ModuleNode pm && !onPath.contains(pm)) onPath.add(pm);
            }
            if (onPath.size() < 2) continue;
            // Merge with every earlier set that shares a PM.
            List<ModuleNode> merged = new ArrayList<>(onPath);
            for (ModuleNode pm : onPath) {
                Integer at = groupOf.get(pm.key());
                if (at != null && sets.get(at) != null) {
                    for (ModuleNode other : sets.get(at)) if (!merged.contains(other)) merged.add(other);
                    sets.set(at, null);
                }
            }
            sets.add(merged);
            for (ModuleNode pm : merged) groupOf.put(pm.key(), sets.size() - 1);
        }
        List<ForcedGroup> groups = new ArrayList<>();
        for (List<ModuleNode> set : sets) if (set != null) groups.add(loads(ns, set));
        return groups;
    }

    private static ForcedGroup loads(ServiceGraph ns, List<ModuleNode> pms) {
        Map<Integer, ModuleNode> in = new LinkedHashMap<>();
        for (ModuleNode pm : pms) in.put(pm.key(), pm);
        long cpu = 0, memory = 0, internal = 0, fromSources = 0, toSinks = 0;
        for (ModuleNode pm : pms) {
            cpu += pm.cpuCenti();
            memory += pm.memoryMb();
        }
        for (ServiceLink l : ns.links()) {
            boolean fromIn = in.containsKey(l.fromKey()) && !(l.from() instanceof SourceNode);
            boolean toIn = in.containsKey(l.toKey()) && !(l.to() instanceof SinkNode);
            if (fromIn && toIn) internal += l.trafficBps();
            else if (toIn && l.from() instanceof SourceNode) fromSources += l.trafficBps();
            else if (fromIn && l.to() instanceof SinkNode) toSinks += l.trafficBps();
        }
        return new ForcedGroup(ns, pms, cpu, memory, internal, fromSources, toSinks);
    }

    private static boolean fitsSomeServer(ForcedGroup g, List<ServerNode> servers) {
        for (ServerNode s : servers) {
            if (g.cpu() <= s.cpuCenti()
                    && g.memory() <= s.memoryMb()
                    && g.internalBps() <= s.internalBps()
                    && g.fromSourcesBps() <= s.downlink().capacityBps()
                    && g.toSinksBps() <= s.uplink().capacityBps()) return true;
        }
        return false;
    }

    private static long mbps(long bps) {
        return bps / Units.BITS_PER_MBPS;
    }
}
