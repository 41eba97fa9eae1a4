package org.flowstream.placement.feasibility;

import java.util.ArrayList;
import java.util.List;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.feasibility.SplitPackingBound.Dimension;

/**
 * Every group of every service that fits one server (a subset of the service's PMs: its load on CPU, memory,
 * downlink, uplink and internal bandwidth), numbered across services, and every valid split of each service
 * (a partition of its PMs into such groups), for platforms of identical servers.
 */
final class GroupCatalog {
    /** Loads in the order CPU, memory, downlink, uplink, internal bandwidth. */
    static final int DIMENSIONS = 5;

    final long[] capacity;
    /** load[g][d]: group g's load in dimension d. */
    final long[][] load;
    /** The service (index into the list given) each group belongs to. */
    final int[] service;
    /** splits.get(s): every valid split of service s, as global group numbers. */
    final List<int[][]> splits;

    private GroupCatalog(long[] capacity, long[][] load, int[] service, List<int[][]> splits) {
        this.capacity = capacity;
        this.load = load;
        this.service = service;
        this.splits = splits;
    }

    int groups() {
        return load.length;
    }

    int services() {
        return splits.size();
    }

    /**
     * The catalog, or null when some service has more than {@link SplitPackingBound#MAX_PMS} PMs or no valid split
     * (then the bound over splits cannot count it and proves nothing; other bounds report a PM larger than a server).
     */
    static GroupCatalog of(List<ServiceGraph> services, long[] capacity) {
        List<long[]> loads = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        List<int[][]> splits = new ArrayList<>();
        long[] fourDimensions = java.util.Arrays.copyOf(capacity, Dimension.values().length);
        for (int s = 0; s < services.size(); s++) {
            SplitPackingBound.Groups groups = SplitPackingBound.Groups.of(services.get(s), capacity[4], fourDimensions);
            if (groups == null) return null;
            int subsets = 1 << groups.pmCount();
            int[] number = new int[subsets];
            for (int mask = 1; mask < subsets; mask++) {
                number[mask] = -1;
                if (!groups.fits(mask)) continue;
                number[mask] = loads.size();
                long[] l = new long[DIMENSIONS];
                for (Dimension d : Dimension.values()) l[d.ordinal()] = groups.load(d, mask);
                l[4] = groups.internal(mask);
                loads.add(l);
                owner.add(s);
            }
            List<int[]> found = new ArrayList<>();
            partitions(subsets - 1, number, new int[groups.pmCount()], 0, found);
            if (found.isEmpty()) return null;
            splits.add(found.toArray(new int[0][]));
        }
        return new GroupCatalog(
                capacity,
                loads.toArray(new long[0][]),
                owner.stream().mapToInt(Integer::intValue).toArray(),
                splits);
    }

    /** Every partition of the PM set {@code rest} into fitting groups: the group of its lowest PM first. */
    private static void partitions(int rest, int[] number, int[] chosen, int depth, List<int[]> out) {
        if (rest == 0) {
            out.add(java.util.Arrays.copyOf(chosen, depth));
            return;
        }
        int low = rest & -rest;
        for (int t = rest; t > 0; t = (t - 1) & rest) {
            if ((t & low) == 0 || number[t] < 0) continue;
            chosen[depth] = number[t];
            partitions(rest ^ t, number, chosen, depth + 1, out);
        }
    }

    /** The least value of any split of service s, the groups valued by {@code value}. */
    long leastSplit(int s, long[] value) {
        long best = Long.MAX_VALUE;
        for (int[] split : splits.get(s)) {
            long v = 0;
            for (int g : split) v += value[g];
            best = Math.min(best, v);
        }
        return best;
    }

    /** The split of service s of least value under {@code value} (doubles: for steering only). */
    int[] leastSplit(int s, double[] value) {
        int[] best = null;
        double bestValue = Double.POSITIVE_INFINITY;
        for (int[] split : splits.get(s)) {
            double v = 0;
            for (int g : split) v += value[g];
            if (v < bestValue) {
                bestValue = v;
                best = split;
            }
        }
        return best;
    }
}
