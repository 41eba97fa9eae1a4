package org.flowstream.placement.exact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceLink;

/**
 * PMs of one service that share a server, with the loads they bring it: CPU and memory, the traffic
 * between them (internal bandwidth), what reaches them from outside the group (downlink: from
 * sources and from the service's PMs elsewhere) and what leaves the group (uplink).
 *
 * @param firstRank the smallest rank of its PMs (see {@link ServerPackingSearch}'s symmetry breaking)
 */
record Group(
        String serviceId,
        List<ModuleNode> pms,
        int firstRank,
        long cpuCenti,
        long memoryMb,
        long internalBps,
        long downBps,
        long upBps) {

    /** Services with more PMs are not split into all their subsets (2^n groups). */
    static final int MAX_PMS = 12;

    boolean fits(ServerNode s) {
        return cpuCenti <= s.cpuCenti()
                && memoryMb <= s.memoryMb()
                && internalBps <= s.internalBps()
                && downBps <= s.downlink().capacityBps()
                && upBps <= s.uplink().capacityBps();
    }

    /** Every non-empty subset of the service's PMs as a group. */
    static List<Group> all(ServiceGraph ns, Map<Integer, Integer> rankOfPm) {
        List<ModuleNode> pms = ns.pms();
        int n = pms.size();
        if (n > MAX_PMS)
            throw new IllegalArgumentException("service " + ns.id() + " has " + n + " PMs, more than " + MAX_PMS);
        Map<Integer, Integer> bit = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) bit.put(pms.get(i).key(), i);
        List<Group> groups = new ArrayList<>((1 << n) - 1);
        for (int mask = 1; mask < (1 << n); mask++) {
            List<ModuleNode> members = new ArrayList<>();
            long cpu = 0, mem = 0;
            int first = Integer.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                if ((mask & (1 << i)) == 0) continue;
                ModuleNode pm = pms.get(i);
                members.add(pm);
                cpu += pm.cpuCenti();
                mem += pm.memoryMb();
                first = Math.min(first, rankOfPm.get(pm.key()));
            }
            long internal = 0, down = 0, up = 0;
            for (ServiceLink l : ns.links()) {
                boolean from = l.kind() != ServiceLink.Kind.INGRESS && (mask & (1 << bit.get(l.fromKey()))) != 0;
                boolean to = l.kind() != ServiceLink.Kind.EGRESS && (mask & (1 << bit.get(l.toKey()))) != 0;
                if (from && to) internal += l.trafficBps();
                else if (to) down += l.trafficBps();
                else if (from) up += l.trafficBps();
            }
            groups.add(new Group(ns.id(), List.copyOf(members), first, cpu, mem, internal, down, up));
        }
        return groups;
    }
}
