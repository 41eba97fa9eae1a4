package org.flowstream.balancer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.flowstream.contracts.net.Ipv4Prefix;

/**
 * Measured traffic over the address space: loads of disjoint prefixes (e.g. every /16 or /24 that
 * saw traffic, or the prefixes of installed rules), answered for any node of the tree. Inside one
 * measured prefix nothing is known, so its load is taken as spread evenly over its addresses; this
 * is what §2.2.5 calls the accuracy of the estimate (how many sub-prefixes are monitored). Immutable.
 */
public final class PrefixLoads {

    private final long[] starts;
    private final long[] ends; // exclusive
    private final double[] cumulative; // cumulative[i] = load of entries 0..i-1
    private final int finest;

    private PrefixLoads(TreeMap<Ipv4Prefix, Double> entries) {
        int n = entries.size();
        starts = new long[n];
        ends = new long[n];
        cumulative = new double[n + 1];
        int i = 0;
        int f = 0;
        long previousEnd = 0;
        for (Map.Entry<Ipv4Prefix, Double> e : entries.entrySet()) {
            Ipv4Prefix p = e.getKey();
            if (p.start() < previousEnd) throw new IllegalArgumentException("measured prefixes overlap at " + p);
            starts[i] = p.start();
            ends[i] = p.start() + p.size();
            previousEnd = ends[i];
            cumulative[i + 1] = cumulative[i] + e.getValue();
            f = Math.max(f, p.length());
            i++;
        }
        finest = f;
    }

    /** From disjoint prefixes and their loads; zero loads are dropped, negative ones refused. */
    public static PrefixLoads of(Map<Ipv4Prefix, Double> loads) {
        TreeMap<Ipv4Prefix, Double> m = new TreeMap<>();
        for (Map.Entry<Ipv4Prefix, Double> e : loads.entrySet()) {
            check(e.getValue());
            if (e.getValue() > 0) m.merge(e.getKey(), e.getValue(), Double::sum);
        }
        return new PrefixLoads(m);
    }

    /** From bucket indices (address &gt;&gt;&gt; (32 - resolution); duplicates are summed) and loads. */
    public static PrefixLoads ofBuckets(int resolution, long[] bucketIndex, double[] load) {
        if (resolution < 0 || resolution > 32) throw new IllegalArgumentException("resolution must be 0..32");
        if (bucketIndex.length != load.length) throw new IllegalArgumentException("length mismatch");
        TreeMap<Ipv4Prefix, Double> m = new TreeMap<>();
        long limit = 1L << resolution;
        for (int i = 0; i < bucketIndex.length; i++) {
            if (bucketIndex[i] < 0 || bucketIndex[i] >= limit) {
                throw new IllegalArgumentException("bucket " + bucketIndex[i] + " outside /" + resolution);
            }
            check(load[i]);
            if (load[i] > 0) m.merge(bucket(resolution, bucketIndex[i]), load[i], Double::sum);
        }
        return new PrefixLoads(m);
    }

    /** Dense form: {@code load[i]} is the load of the i-th prefix of length {@code resolution}. */
    public static PrefixLoads ofDense(int resolution, double[] load) {
        if (load.length != 1L << resolution) throw new IllegalArgumentException("need 2^resolution loads");
        TreeMap<Ipv4Prefix, Double> m = new TreeMap<>();
        for (int i = 0; i < load.length; i++) {
            check(load[i]);
            if (load[i] > 0) m.put(bucket(resolution, i), load[i]);
        }
        return new PrefixLoads(m);
    }

    /** Traffic spread evenly over the whole space: what the balancer assumes before measuring (§2.2.5). */
    public static PrefixLoads uniform(double total) {
        TreeMap<Ipv4Prefix, Double> m = new TreeMap<>();
        if (total > 0) m.put(Ipv4Prefix.ROOT, total);
        return new PrefixLoads(m);
    }

    private static Ipv4Prefix bucket(int resolution, long index) {
        return new Ipv4Prefix(resolution == 0 ? 0 : (int) (index << (32 - resolution)), resolution);
    }

    private static void check(double v) {
        if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException("load must be >= 0, got " + v);
    }

    public double total() {
        return cumulative[starts.length];
    }

    /** Number of measured prefixes with traffic. */
    public int size() {
        return starts.length;
    }

    /** Longest measured prefix length. */
    public int finestLength() {
        return finest;
    }

    /** Estimated load of any prefix. */
    public double load(Ipv4Prefix p) {
        long a = p.start();
        long b = a + p.size();
        int i = lowerBound(a); // first entry starting at or after a
        // An entry starting before a that reaches past a contains p (prefixes are aligned).
        if (i > 0 && ends[i - 1] > a) {
            return entryLoad(i - 1) * p.size() / (double) (ends[i - 1] - starts[i - 1]);
        }
        if (i < starts.length && starts[i] == a && ends[i] >= b) {
            return entryLoad(i) * p.size() / (double) (ends[i] - starts[i]);
        }
        return cumulative[lowerBound(b)] - cumulative[i];
    }

    /** Load of entries [from, to). */
    double loadOfEntries(int from, int to) {
        return cumulative[to] - cumulative[from];
    }

    long entrySize(int i) {
        return ends[i] - starts[i];
    }

    /** The entry range of a prefix for the balancer's split loop: {from, to}, or {i, -1} if it lies inside entry i. */
    int[] entryRange(Ipv4Prefix p) {
        long a = p.start();
        int i = lowerBound(a);
        if (i > 0 && ends[i - 1] > a) return new int[] {i - 1, -1};
        if (i < starts.length && starts[i] == a && ends[i] >= a + p.size()) return new int[] {i, -1};
        return new int[] {i, lowerBound(a + p.size())};
    }

    private double entryLoad(int i) {
        return cumulative[i + 1] - cumulative[i];
    }

    private int lowerBound(long key) {
        return lowerBound(key, 0, starts.length);
    }

    /** First entry index in [lo, hi) whose start is at or after {@code key}. */
    int lowerBound(long key, int lo, int hi) {
        // A few interpolation steps first: measured prefixes are often spread fairly evenly over a
        // range, so guessing by address narrows a range of thousands to a handful, and each step
        // still halves-or-better the range in the worst case. Then plain binary search.
        for (int step = 0; step < 3 && hi - lo > 32; step++) {
            long a = starts[lo];
            long b = starts[hi - 1];
            if (key <= a) return lo;
            if (key > b) return hi;
            int guess = lo + (int) ((double) (key - a) / (b - a + 1) * (hi - lo));
            int probe = Math.clamp(guess, lo + 1, hi - 1);
            // Look a little to both sides of the guess so the range shrinks to a small window.
            int w = Math.max(4, (hi - lo) >>> 6);
            int left = Math.max(lo + 1, probe - w);
            int right = Math.min(hi - 1, probe + w);
            if (starts[left] >= key) {
                hi = left + 1;
            } else if (starts[right] < key) {
                lo = right + 1;
            } else {
                lo = left + 1;
                hi = right + 1;
            }
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] < key) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** The measured prefixes and their loads. */
    public Map<Ipv4Prefix, Double> entries() {
        TreeMap<Ipv4Prefix, Double> m = new TreeMap<>();
        for (int i = 0; i < starts.length; i++) {
            int len = 32 - Long.numberOfTrailingZeros(ends[i] - starts[i]);
            m.put(new Ipv4Prefix((int) starts[i], len), entryLoad(i));
        }
        return m;
    }

    /** Sum of two measurements, on the finer of their partitions. */
    public PrefixLoads plus(PrefixLoads other) {
        Set<Ipv4Prefix> inner = new HashSet<>();
        List<Ipv4Prefix> all = new ArrayList<>(entries().keySet());
        all.addAll(other.entries().keySet());
        for (Ipv4Prefix p : all) {
            for (Ipv4Prefix a = p; a.length() > 0; ) {
                a = a.parent();
                if (!inner.add(a)) break;
            }
        }
        TreeMap<Ipv4Prefix, Double> m = new TreeMap<>();
        collect(Ipv4Prefix.ROOT, inner, other, m);
        return new PrefixLoads(m);
    }

    private void collect(Ipv4Prefix p, Set<Ipv4Prefix> inner, PrefixLoads other, TreeMap<Ipv4Prefix, Double> out) {
        if (!inner.contains(p)) {
            double l = load(p) + other.load(p);
            if (l > 0) out.put(p, l);
            return;
        }
        collect(p.left(), inner, other, out);
        collect(p.right(), inner, other, out);
    }

    /** Every load multiplied by a factor, e.g. to turn a 1-in-100 sample into an estimate. */
    public PrefixLoads scaled(double factor) {
        check(factor);
        TreeMap<Ipv4Prefix, Double> m = new TreeMap<>();
        entries().forEach((p, l) -> m.put(p, l * factor));
        return new PrefixLoads(m);
    }
}
