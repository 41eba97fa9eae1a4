package org.flowstream.balancer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.flowstream.contracts.net.Ipv4Prefix;

/**
 * The prefix load-balancing algorithm of §2.2.4, plus the incremental re-run of §2.2.5.
 *
 * <p>Full run: one machine (the one with the most capacity) is set aside as the default machine
 * and starts with the whole address space (the root). While it is overloaded, the largest leaf is
 * given to the machine with the most unused capacity if it fits; a leaf that does not fit is split.
 * Once the largest leaf falls under the chunk threshold, "fits" relaxes from "within the fair share"
 * to "does not push the machine over the maximum imbalance", which saves prefixes.
 *
 * <p>Incremental run: existing assignments are kept; only machines over the maximum imbalance give
 * prefixes back (as few as possible), prefixes of removed machines return to the default machine,
 * new machines take whole prefixes from machines above their fair share, and then the same greedy
 * moves chunks off the default machine. Stateless and thread-safe.
 */
public final class PrefixBalancer {

    /** The dust floor as a fraction of the average load per machine (see State.dust). */
    static final double DUST_FRACTION = 1e-3;

    private final BalancerTuning config;

    public PrefixBalancer(BalancerTuning config) {
        this.config = config;
    }

    public BalancerTuning config() {
        return config;
    }

    /** A new balancer's assignment: uniform traffic is assumed until something is measured (§2.2.5). */
    public Assignment assignUniform(List<Machine> machines) {
        return assign(machines, PrefixLoads.uniform(1.0));
    }

    /**
     * The incremental re-run on measured load, only when the imbalance drifted above the maximum. Empty while
     * {@code current} is still within it, and when no prefix could move.
     */
    public Optional<Assignment> rebalanceIfImbalanced(
            Assignment current, List<Machine> machines, PrefixLoads measured) {
        if (current.imbalance(measured, machines) <= config.maxImbalance()) return Optional.empty();
        Assignment next = rebalance(current, machines, measured);
        return next == current ? Optional.empty() : Optional.of(next);
    }

    /**
     * Refuses an assignment (e.g. one saved before a daemon restart) that names a machine not in the list, so a
     * resumed balancer keeps its installed rules only when they still make sense.
     */
    public static void requireMachinesOf(Assignment installed, List<Machine> machines) {
        Set<String> names = new HashSet<>();
        machines.forEach(m -> names.add(m.name()));
        if (!names.contains(installed.defaultMachine())) {
            throw new IllegalArgumentException(
                    "the default machine " + installed.defaultMachine() + " is not balanced");
        }
        for (String owner : installed.prefixes().values()) {
            if (!names.contains(owner)) {
                throw new IllegalArgumentException("the assignment names machine " + owner + ", which is not balanced");
            }
        }
    }

    /** Assigns the whole space from scratch. */
    public Assignment assign(List<Machine> machines, PrefixLoads loads) {
        State s = new State(machines, loads);
        int def = 0;
        for (int i = 1; i < machines.size(); i++)
            if (machines.get(i).capacity() > machines.get(def).capacity()) def = i;
        s.def = def;
        s.load[def] = loads.total();
        LeafHeap leaves = new LeafHeap(3 * machines.size());
        if (loads.total() > 0) push(leaves, loads, Ipv4Prefix.ROOT, loads.total());
        s.greedy(leaves, s.cap[def] * config.maxImbalance());
        return s.result();
    }

    /**
     * Re-runs the balancer keeping as much of {@code current} as it can. Use it when the measured
     * imbalance exceeds the maximum and when machines were added or removed. Returns
     * {@code current} itself when nothing had to move.
     */
    public Assignment rebalance(Assignment current, List<Machine> machines, PrefixLoads loads) {
        State s = new State(machines, loads);
        boolean changed = false;
        double assignedTotal = 0;
        for (Map.Entry<Ipv4Prefix, String> e : current.prefixes().entrySet()) {
            Integer owner = s.index().get(e.getValue());
            if (owner == null) {
                changed = true; // a removed machine's prefixes fall back to the default machine
                continue;
            }
            s.assigned.put(e.getKey(), owner);
            double l = loads.load(e.getKey());
            s.load[owner] += l;
            assignedTotal += l;
        }
        double pool = Math.max(0, loads.total() - assignedTotal);
        Integer def = s.index().get(current.defaultMachine());
        if (def == null) {
            changed = true;
            def = 0;
            for (int i = 1; i < s.n; i++) if (s.unused(i) > s.unused(def)) def = i;
        }
        s.def = def;
        s.load[def] += pool;
        double maxImb = config.maxImbalance();

        // 1. Machines over the maximum give back as few prefixes as possible, just enough to be under it.
        Map<Integer, List<Ipv4Prefix>> byOwner = new HashMap<>();
        s.assigned.forEach(
                (p, o) -> byOwner.computeIfAbsent(o, k -> new ArrayList<>()).add(p));
        for (int m = 0; m < s.n; m++) {
            if (m == s.def) continue;
            List<Ipv4Prefix> own = byOwner.getOrDefault(m, List.of());
            while (s.load[m] > s.cap[m] * maxImb) {
                Ipv4Prefix shed = s.pickToShed(m, own);
                if (shed == null) break;
                own.remove(shed);
                s.unassign(shed);
                changed = true;
            }
        }
        // 2. New (empty) machines take whole prefixes from machines above their fair share.
        Set<Integer> owners = new HashSet<>(s.assigned.values());
        List<Integer> fresh = new ArrayList<>();
        for (int m = 0; m < s.n; m++) if (m != s.def && s.load[m] == 0 && !owners.contains(m)) fresh.add(m);
        for (int m : fresh) {
            while (s.load[m] < s.cap[m] / maxImb) {
                Ipv4Prefix take = s.pickToTake(m);
                if (take == null) break;
                s.move(take, m);
                changed = true;
            }
        }
        // 3. The greedy of the full run moves chunks off the default machine while it is overloaded
        //    (down to its fair share when new machines wait for traffic).
        double limit = s.cap[s.def] * (fresh.isEmpty() ? maxImb : 1.0);
        if (s.load[s.def] > limit) {
            LeafHeap leaves = new LeafHeap(3 * machines.size());
            Map<Ipv4Prefix, String> named = new HashMap<>();
            s.assigned.forEach((p, o) -> named.put(p, machines.get(o).name()));
            for (Ipv4Prefix p : new Assignment(machines.get(s.def).name(), named).unassignedLeaves()) {
                double l = loads.load(p);
                if (l > 0) push(leaves, loads, p, l);
            }
            changed |= s.greedy(leaves, limit);
        }
        return changed ? s.result() : current;
    }

    private static void push(LeafHeap leaves, PrefixLoads loads, Ipv4Prefix p, double l) {
        int[] r = loads.entryRange(p);
        leaves.push(p, l, r[0], r[1]);
    }

    /** Working state of one run; machines are addressed by their index in the list. */
    private final class State {
        final List<Machine> machines;
        final PrefixLoads loads;
        final int n;
        final double[] cap;
        final double[] load;
        private Map<String, Integer> index;
        final Map<Ipv4Prefix, Integer> assigned = new HashMap<>();
        // What the greedy assigns, appended here (it never takes anything back) and merged in result().
        int[] newBits;
        byte[] newLen;
        int[] newOwner;
        int added;
        final double chunkThreshold;
        // A leaf lighter than this is not worth a rule of its own: when it fits nowhere it stays with
        // the default machine instead of being split. Without this floor a target with no slack (a
        // chunk threshold of 0, or the fair-share target of rebalance with new machines) splits
        // every leftover leaf down to single addresses (hundreds of millions of them). Split leaves
        // of one depth are disjoint and each carries at least the floor, so whatever the knobs a run
        // splits at most 1000 leaves per machine per depth; at the defaults it never gets near that.
        final double dust;
        final LeafStack split = new LeafStack();
        int def;

        State(List<Machine> machines, PrefixLoads loads) {
            if (machines.isEmpty()) throw new IllegalArgumentException("at least one machine is required");
            this.machines = machines;
            this.loads = loads;
            n = machines.size();
            cap = new double[n];
            load = new double[n];
            double capacity = Imbalance.totalCapacity(machines);
            for (int i = 0; i < n; i++) {
                Machine m = machines.get(i);
                cap[i] = Imbalance.fairShare(m, loads.total(), capacity);
            }
            chunkThreshold = config.chunkThreshold() * loads.total() / n;
            dust = DUST_FRACTION * loads.total() / n;
            // About two and a half prefixes per machine come out of a run (§2.2.7): size for three.
            newBits = new int[3 * n];
            newLen = new byte[3 * n];
            newOwner = new int[3 * n];
        }

        /** Machine id to index; built on demand (the full run does not need it). */
        Map<String, Integer> index() {
            if (index == null) {
                index = new HashMap<>();
                for (int i = 0; i < n; i++) {
                    if (index.put(machines.get(i).name(), i) != null) {
                        throw new IllegalArgumentException(
                                "duplicate machine name " + machines.get(i).name());
                    }
                }
            }
            return index;
        }

        double unused(int i) {
            return cap[i] - load[i];
        }

        /** §2.2.4's loop; returns whether it assigned anything. */
        boolean greedy(LeafHeap leaves, double defaultLimit) {
            // Max-heap of machines (default excluded) by unused capacity; only the top ever changes.
            int[] heap = new int[n - 1];
            heapUnused = new double[n - 1];
            int size = 0;
            for (int i = 0; i < n; i++) {
                if (i != def) {
                    heapUnused[size] = unused(i);
                    heap[size++] = i;
                }
            }
            for (int i = size / 2 - 1; i >= 0; i--) siftDown(heap, size, i);
            boolean any = false;
            while (load[def] > defaultLimit && !leaves.isEmpty() && size > 0) {
                double l = leaves.topLoad();
                int c = heap[0];
                if (fits(c, l)) {
                    if (added == newBits.length) {
                        newBits = java.util.Arrays.copyOf(newBits, added * 2);
                        newLen = java.util.Arrays.copyOf(newLen, added * 2);
                        newOwner = java.util.Arrays.copyOf(newOwner, added * 2);
                    }
                    newBits[added] = leaves.topBits();
                    newLen[added] = (byte) leaves.topLength();
                    newOwner[added++] = c;
                    leaves.pop();
                    load[c] += l;
                    load[def] -= l;
                    heapUnused[0] = unused(c);
                    siftDown(heap, size, 0);
                    any = true;
                } else {
                    splitUntilFitting(leaves, c);
                }
            }
            return any;
        }

        /** Whether a leaf of load {@code l} may go to machine {@code c} (§2.2.4: its fair share, relaxed for small leaves). */
        private boolean fits(int c, double l) {
            return load[c] + l <= (l >= chunkThreshold ? cap[c] : cap[c] * config.maxImbalance());
        }

        /**
         * The top leaf fits not even machine {@code c}, the one with the most room, so it is split,
         * and so is every half that does not fit {@code c} either. Machines only fill up during the
         * greedy, so such a half would reach the top and be split before the next assignment anyway:
         * splitting it here yields the same leaves without sifting it through the heap. Only halves
         * that fit go into the heap. A leaf that may not be split (max depth, or dust) stays with the
         * default machine.
         */
        private void splitUntilFitting(LeafHeap leaves, int c) {
            split.push(leaves.topBits(), leaves.topLength(), leaves.topLoad(), leaves.topFrom(), leaves.topTo());
            leaves.pop();
            int maxDepth = config.maxDepth();
            while (!split.isEmpty()) {
                split.pop();
                int bits = split.bits();
                int len = split.length();
                double l = split.load();
                int from = split.entriesFrom();
                int to = split.entriesTo();
                if (len >= maxDepth || l < dust) continue;
                int rightBits = bits | (1 << (31 - len));
                len++;
                if (to < 0) { // inside one measured entry: traffic is even, each half gets half
                    place(leaves, c, bits, len, l / 2, from, -1);
                    place(leaves, c, rightBits, len, l / 2, from, -1);
                    continue;
                }
                int mid = loads.lowerBound(rightBits & 0xffffffffL, from, to);
                if (from != mid)
                    place(
                            leaves,
                            c,
                            bits,
                            len,
                            loads.loadOfEntries(from, mid),
                            from,
                            inside(from, mid, len) ? -1 : mid);
                if (mid != to)
                    place(leaves, c, rightBits, len, loads.loadOfEntries(mid, to), mid, inside(mid, to, len) ? -1 : to);
            }
        }

        /** A half goes into the heap if it fits machine {@code c}, else it waits to be split; halves without traffic stay with the default. */
        private void place(LeafHeap leaves, int c, int bits, int len, double l, int from, int to) {
            if (l <= 0) return;
            if (fits(c, l)) leaves.push(bits, len, l, from, to);
            else split.push(bits, len, l, from, to);
        }

        /** Whether a child covering entries [from, to) lies inside a single measured entry. */
        private boolean inside(int from, int to, int len) {
            return to - from == 1 && loads.entrySize(from) >= (1L << (32 - len));
        }

        /** Unused capacity of heap[i], kept beside the heap so sifting reads one array. */
        private double[] heapUnused;

        private void siftDown(int[] heap, int size, int i) {
            int x = heap[i];
            double xu = heapUnused[i];
            while (true) {
                int c = 2 * i + 1;
                if (c >= size) break;
                if (c + 1 < size && better(heapUnused[c + 1], heap[c + 1], heapUnused[c], heap[c])) c++;
                if (!better(heapUnused[c], heap[c], xu, x)) break;
                heap[i] = heap[c];
                heapUnused[i] = heapUnused[c];
                i = c;
            }
            heap[i] = x;
            heapUnused[i] = xu;
        }

        private static boolean better(double ua, int a, double ub, int b) {
            return ua != ub ? ua > ub : a < b;
        }

        /** The smallest single prefix that brings the machine back under the maximum, or else its largest one. */
        Ipv4Prefix pickToShed(int m, List<Ipv4Prefix> own) {
            double excess = load[m] - cap[m] * config.maxImbalance();
            Ipv4Prefix best = null;
            double bestLoad = 0;
            Ipv4Prefix largest = null;
            double largestLoad = -1;
            for (Ipv4Prefix p : own) {
                double l = loads.load(p);
                if (l >= excess && (best == null || l < bestLoad || (l == bestLoad && p.compareTo(best) < 0))) {
                    best = p;
                    bestLoad = l;
                }
                if (l > largestLoad || (l == largestLoad && p.compareTo(largest) < 0)) {
                    largest = p;
                    largestLoad = l;
                }
            }
            return best != null ? best : largest;
        }

        /** Largest prefix of a machine above its fair share that fits into machine {@code m}'s room. */
        Ipv4Prefix pickToTake(int m) {
            double room = cap[m] * config.maxImbalance() - load[m];
            Ipv4Prefix best = null;
            double bestLoad = 0;
            for (Map.Entry<Ipv4Prefix, Integer> e : assigned.entrySet()) {
                int owner = e.getValue();
                if (owner == m || load[owner] <= cap[owner]) continue;
                double l = loads.load(e.getKey());
                if (l > 0
                        && l <= room
                        && (l > bestLoad
                                || (l == bestLoad && best != null && e.getKey().compareTo(best) < 0))) {
                    best = e.getKey();
                    bestLoad = l;
                }
            }
            return best;
        }

        void unassign(Ipv4Prefix p) {
            int owner = assigned.remove(p);
            double l = loads.load(p);
            load[owner] -= l;
            load[def] += l;
        }

        void move(Ipv4Prefix p, int to) {
            int owner = assigned.put(p, to);
            double l = loads.load(p);
            load[owner] -= l;
            load[to] += l;
        }

        Assignment result() {
            Map<Ipv4Prefix, Integer> kept = assigned;
            int[] b = newBits;
            byte[] l = newLen;
            int[] o = newOwner;
            int k = added;
            // The caller may change its machine list afterwards: keep the ids as they are now.
            String[] ids = new String[n];
            for (int i = 0; i < n; i++) ids[i] = machines.get(i).name();
            return new Assignment(ids[def], kept.size() + k, () -> {
                Map<Ipv4Prefix, String> named = new HashMap<>((kept.size() + k) * 2);
                kept.forEach((p, owner) -> named.put(p, ids[owner]));
                for (int i = 0; i < k; i++) named.put(new Ipv4Prefix(b[i], l[i]), ids[o[i]]);
                return named;
            });
        }
    }
}
