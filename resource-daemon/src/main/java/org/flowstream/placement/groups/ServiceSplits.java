package org.flowstream.placement.groups;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceLink;
import org.flowstream.placement.domain.SinkNode;
import org.flowstream.placement.domain.SourceNode;

/**
 * Every valid split of one service on a {@link OneRackShape}: each way to cut its PMs into groups such
 * that every group fits a server on its own, with each group's load per resource. A group is a bit mask
 * over the service's PMs (bit i: {@code pms().get(i)}). Splits are ordered by the traffic they put on
 * server links (least first), so a search can favour those.
 */
public final class ServiceSplits {
    /** Services with more PMs are not enumerated: Bell(10) = 115975 partitions is already many. */
    public static final int MAX_PMS = 10;

    private final ServiceGraph service;
    /** load[resource][mask]. */
    private final long[][] load;

    private final int[][] splits;
    private final long[] linkTraffic;

    private ServiceSplits(ServiceGraph service, long[][] load, int[][] splits, long[] linkTraffic) {
        this.service = service;
        this.load = load;
        this.splits = splits;
        this.linkTraffic = linkTraffic;
    }

    /**
     * The valid splits of {@code ns}, or null when it has more than {@link #MAX_PMS} PMs or no valid
     * split at all (some PM alone exceeds a server: a capacity bound reports that). A split into more
     * groups than the rack has servers is not valid either: two groups would share a server.
     */
    public static ServiceSplits of(ServiceGraph ns, OneRackShape shape) {
        int n = ns.pms().size();
        if (n == 0 || n > MAX_PMS) return null;
        long[][] load = groupLoads(ns);
        boolean[] fits = new boolean[1 << n];
        for (int mask = 1; mask < fits.length; mask++) {
            boolean ok = true;
            for (OneRackShape.Resource r : OneRackShape.Resource.values())
                ok &= load[r.ordinal()][mask] <= shape.capacity(r);
            fits[mask] = ok;
        }
        List<int[]> valid = new ArrayList<>();
        collect(fits, (1 << n) - 1, new int[n], 0, valid);
        valid.removeIf(split -> split.length > shape.servers());
        if (valid.isEmpty()) return null;
        int downlink = OneRackShape.Resource.DOWNLINK.ordinal();
        valid.sort(Comparator.comparingLong((int[] split) -> traffic(split, load[downlink]))
                .thenComparingInt(split -> split.length));
        int[][] splits = valid.toArray(int[][]::new);
        long[] linkTraffic = new long[splits.length];
        for (int i = 0; i < splits.length; i++) linkTraffic[i] = traffic(splits[i], load[downlink]);
        return new ServiceSplits(ns, load, splits, linkTraffic);
    }

    /**
     * Every partition of the PMs in {@code left} into fitting groups: the group holding the lowest PM
     * left is chosen first (so each partition appears once), then the rest is split recursively.
     */
    private static void collect(boolean[] fits, int left, int[] groups, int count, List<int[]> out) {
        if (left == 0) {
            out.add(Arrays.copyOf(groups, count));
            return;
        }
        int low = left & -left;
        for (int group = left; group > 0; group = (group - 1) & left) {
            if ((group & low) == 0 || !fits[group]) continue;
            groups[count] = group;
            collect(fits, left ^ group, groups, count + 1, out);
        }
    }

    /** The load of every subset of the service's PMs, per resource. */
    private static long[][] groupLoads(ServiceGraph ns) {
        List<ModuleNode> pms = ns.pms();
        int n = pms.size();
        Map<Integer, Integer> bit = new HashMap<>();
        for (int i = 0; i < n; i++) bit.put(pms.get(i).key(), i);
        long[][] load = new long[OneRackShape.Resource.values().length][1 << n];
        for (int mask = 1; mask < 1 << n; mask++) {
            for (int i = 0; i < n; i++) {
                if ((mask >> i & 1) == 0) continue;
                load[OneRackShape.Resource.CPU.ordinal()][mask] += pms.get(i).cpuCenti();
                load[OneRackShape.Resource.MEMORY.ordinal()][mask] += pms.get(i).memoryMb();
            }
            for (ServiceLink l : ns.links()) {
                boolean fromIn = !(l.from() instanceof SourceNode) && (mask >> bit.get(l.fromKey()) & 1) == 1;
                boolean toIn = !(l.to() instanceof SinkNode) && (mask >> bit.get(l.toKey()) & 1) == 1;
                if (fromIn && toIn) load[OneRackShape.Resource.INTERNAL.ordinal()][mask] += l.trafficBps();
                else if (toIn) load[OneRackShape.Resource.DOWNLINK.ordinal()][mask] += l.trafficBps();
                else if (fromIn) load[OneRackShape.Resource.UPLINK.ordinal()][mask] += l.trafficBps();
            }
        }
        return load;
    }

    private static long traffic(int[] split, long[] downlinkLoad) {
        long sum = 0;
        for (int group : split) sum += downlinkLoad[group];
        return sum;
    }

    public ServiceGraph service() {
        return service;
    }

    public int count() {
        return splits.length;
    }

    /** The groups of split {@code index} (0 puts the least traffic on server links). */
    public int[] groups(int index) {
        return splits[index];
    }

    /** What split {@code index} sends over server downlinks in all (bps). */
    public long linkTraffic(int index) {
        return linkTraffic[index];
    }

    /** The load of a group (a PM mask) on {@code resource}. */
    public long load(OneRackShape.Resource resource, int group) {
        return load[resource.ordinal()][group];
    }
}
