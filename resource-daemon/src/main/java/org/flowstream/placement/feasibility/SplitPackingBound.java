package org.flowstream.placement.feasibility;

import java.util.List;
import java.util.Optional;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceLink;
import org.flowstream.placement.domain.SinkNode;
import org.flowstream.placement.domain.SourceNode;
import org.flowstream.placement.domain.Units;

/**
 * A bin-packing proof over the ways services can be split, for platforms of identical servers.
 *
 * <p>Any placement splits each service into groups: the PMs it has on one server. A server's uplink
 * carries exactly the traffic its groups send off the server (to sinks, or to PMs of the same service
 * elsewhere), its downlink what they receive from outside, and its CPU and memory hold their needs.
 * So each server is a bin holding one item per group, in each of these four dimensions. A group must
 * fit one server on its own (CPU, memory, internal bandwidth, its two links), which is how CPU and
 * memory force splits, and every split puts traffic on server links.
 *
 * <p>For a dual feasible function f (items that fit one bin have values summing to at most 1), the
 * values of all groups are at most the number of servers. Each service contributes at least the
 * least value of any of its valid splits (a dynamic program over its PM subsets: 3^n steps, n PMs), so
 * if these least values add up to more than the servers, no placement exists. Sound by construction:
 * it only relaxes (groups of one server are not packed together with anything else's constraints).
 * Services with more than {@link #MAX_PMS} PMs contribute nothing (still sound).
 */
public final class SplitPackingBound {
    static final int MAX_PMS = 12;

    /** A server resource that groups fill. */
    enum Dimension {
        CPU("whole platform", "server", "cores", 100),
        MEMORY("whole platform", "server", "MB", 1),
        DOWNLINK("server downlinks (ToR to server)", "downlink", "Mbps", Units.BITS_PER_MBPS),
        UPLINK("server uplinks (server to ToR)", "uplink", "Mbps", Units.BITS_PER_MBPS);
        final String where, bin, unit;
        final long unitSize;

        Dimension(String where, String bin, String unit, long unitSize) {
            this.where = where;
            this.bin = bin;
            this.unit = unit;
            this.unitSize = unitSize;
        }
    }

    private SplitPackingBound() {}

    public static Optional<Infeasibility> check(Platform platform, List<ServiceGraph> services) {
        List<ServerNode> servers = platform.servers();
        if (servers.isEmpty()) return Optional.empty();
        ServerNode first = servers.get(0);
        long[] capacity = {
            first.cpuCenti(),
            first.memoryMb(),
            first.downlink().capacityBps(),
            first.uplink().capacityBps()
        };
        for (ServerNode s : servers) {
            if (s.cpuCenti() != capacity[0]
                    || s.memoryMb() != capacity[1]
                    || s.internalBps() != first.internalBps()
                    || s.downlink().capacityBps() != capacity[2]
                    || s.uplink().capacityBps() != capacity[3]) return Optional.empty();
        }
        // A group that fits a server counts at most 1 under any of the functions, and a service splits
        // into at most as many groups as it has PMs: with no more PMs than servers nothing can be proven
        // (this keeps the online placer's one-service checks free).
        long pmCount = 0;
        for (ServiceGraph ns : services) pmCount += ns.pms().size();
        if (pmCount <= servers.size()) return Optional.empty();
        Dimension[] dims = Dimension.values();
        List<DualFeasibleFunction> family = DualFeasibleFunction.family();
        long bins = servers.size();

        // Pass 1: the least total share of each dimension (identity function); it tells which functions could prove
        // anything.
        double[] share = new double[dims.length];
        for (ServiceGraph ns : services) {
            Groups g = Groups.of(ns, first.internalBps(), capacity);
            if (g == null) continue;
            for (int d = 0; d < dims.length; d++)
                share[d] += (double) g.leastSplit(d, (size, cap) -> size) / capacity[d];
        }
        boolean[][] tried = new boolean[dims.length][family.size()];
        boolean any = false;
        for (int d = 0; d < dims.length; d++) {
            for (int f = 0; f < family.size(); f++) {
                tried[d][f] = family.get(f).maxRatio() * share[d] > bins;
                any |= tried[d][f];
            }
        }
        if (!any) return Optional.empty();

        // Pass 2: the least value of each service under each function that could prove something
        // (the subset tables are built again rather than kept: 10,000 services x 128 subsets would stay in memory).
        long[][] total = new long[dims.length][family.size()];
        for (ServiceGraph ns : services) {
            Groups g = Groups.of(ns, first.internalBps(), capacity);
            if (g == null) continue;
            for (int d = 0; d < dims.length; d++) {
                for (int f = 0; f < family.size(); f++) {
                    if (tried[d][f]) total[d][f] += g.leastSplit(d, family.get(f)::value);
                }
            }
        }
        double worst = 1;
        int worstD = -1, worstF = -1;
        for (int d = 0; d < dims.length; d++) {
            for (int f = 0; f < family.size(); f++) {
                long denominator = family.get(f).denominator(capacity[d]);
                if (!tried[d][f] || total[d][f] <= bins * denominator) continue;
                double needed = (double) total[d][f] / denominator;
                if (needed > worst * bins) {
                    worst = needed / bins;
                    worstD = d;
                    worstF = f;
                }
            }
        }
        if (worstD < 0) return Optional.empty();
        Dimension dim = dims[worstD];
        DualFeasibleFunction fn = family.get(worstF);
        double needed = (double) total[worstD][worstF] / fn.denominator(capacity[worstD]);
        boolean link = dim == Dimension.DOWNLINK || dim == Dimension.UPLINK;
        String how = link
                ? "however the services are split over servers (a service that exceeds one server's CPU or memory must be, "
                        + "and every split sends traffic over server links), their loads need"
                : "however the services are split over servers, the PMs each service has on one server need";
        return Optional.of(new Infeasibility(
                dim == Dimension.CPU ? "cpu" : dim == Dimension.MEMORY ? "memory" : "bandwidth",
                dim.where,
                String.format(
                        "%s at least %.2f %ss of %d %s, the platform has %d (bin-packing count: %s)",
                        how,
                        needed,
                        dim.bin,
                        capacity[worstD] / dim.unitSize,
                        dim.unit,
                        bins,
                        fn.describe(capacity[worstD], dim.unit, dim.unitSize, dim.bin))));
    }

    /** The value of an item in a bin, as a numerator. */
    @FunctionalInterface
    interface Value {
        long of(long size, long capacity);
    }

    /**
     * Every subset of a service's PMs as a possible group: its load in each dimension and whether it
     * fits one server at all.
     */
    static final class Groups {
        private final int n;
        private final long[][] load;
        private final boolean[] fits;
        private final long[] capacity;

        private Groups(int n, long[][] load, boolean[] fits, long[] capacity) {
            this.n = n;
            this.load = load;
            this.fits = fits;
            this.capacity = capacity;
        }

        static Groups of(ServiceGraph ns, long internalBps, long[] capacity) {
            List<ModuleNode> pms = ns.pms();
            int n = pms.size();
            if (n == 0 || n > MAX_PMS) return null;
            int subsets = 1 << n;
            long[][] load = new long[Dimension.values().length][subsets];
            long[] internal = new long[subsets];
            boolean[] fits = new boolean[subsets];
            java.util.Map<Integer, Integer> bit = new java.util.HashMap<>();
            for (int i = 0; i < n; i++) bit.put(pms.get(i).key(), i);
            for (int mask = 1; mask < subsets; mask++) {
                for (int i = 0; i < n; i++) {
                    if ((mask >> i & 1) == 0) continue;
                    load[Dimension.CPU.ordinal()][mask] += pms.get(i).cpuCenti();
                    load[Dimension.MEMORY.ordinal()][mask] += pms.get(i).memoryMb();
                }
                for (ServiceLink l : ns.links()) {
                    boolean fromIn = !(l.from() instanceof SourceNode) && (mask >> bit.get(l.fromKey()) & 1) == 1;
                    boolean toIn = !(l.to() instanceof SinkNode) && (mask >> bit.get(l.toKey()) & 1) == 1;
                    if (toIn && !fromIn) load[Dimension.DOWNLINK.ordinal()][mask] += l.trafficBps();
                    if (fromIn && !toIn) load[Dimension.UPLINK.ordinal()][mask] += l.trafficBps();
                    if (fromIn && toIn) internal[mask] += l.trafficBps();
                }
                boolean ok = internal[mask] <= internalBps;
                for (int d = 0; d < capacity.length; d++) ok &= load[d][mask] <= capacity[d];
                fits[mask] = ok;
            }
            return new Groups(n, load, fits, capacity);
        }

        /**
         * The least sum of values over the splits of the service into groups that each fit a server:
         * best[S] = min over groups T of S holding S's lowest PM of value(T) + best[S \ T].
         */
        long leastSplit(int dimension, Value value) {
            int subsets = 1 << n;
            long[] best = new long[subsets];
            long[] own = new long[subsets];
            for (int mask = 1; mask < subsets; mask++)
                own[mask] = fits[mask] ? value.of(load[dimension][mask], capacity[dimension]) : Long.MAX_VALUE;
            for (int s = 1; s < subsets; s++) {
                int low = s & -s;
                long b = Long.MAX_VALUE;
                for (int t = s; t > 0; t = (t - 1) & s) {
                    if ((t & low) == 0 || own[t] == Long.MAX_VALUE || best[s ^ t] == Long.MAX_VALUE) continue;
                    b = Math.min(b, own[t] + best[s ^ t]);
                }
                best[s] = b;
            }
            // No valid split at all: a single PM exceeds a server, which CapacityBounds reports on its own; count
            // nothing here.
            return best[subsets - 1] == Long.MAX_VALUE ? 0 : best[subsets - 1];
        }
    }
}
