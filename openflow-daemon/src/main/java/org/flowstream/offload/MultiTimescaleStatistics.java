package org.flowstream.offload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Traffic per key over several time scales, kept as exponentially weighted moving averages of the
 * traffic per measurement interval. A scale of w intervals weighs the newest interval by 1/w, so a
 * scale of 1 is exactly the last interval. Feed traffic with {@link #add} during an interval and
 * call {@link #endInterval} at its end. Keys that have gone quiet on every scale are forgotten.
 * Values live in primitive arrays indexed by slot: ranking tens of thousands of keys every interval
 * must stay cheap. Not thread-safe.
 */
public final class MultiTimescaleStatistics<K> implements TrafficStatistics<K> {

    private static final double FORGET_BELOW = 1e-6;

    private final int[] windows;
    private final Map<K, Integer> slotOf = new HashMap<>();
    private final List<K> keyOf = new ArrayList<>();
    private double[] current = new double[1024];
    private final double[][] avg;
    private final double[] totals;
    private final List<List<K>> rankingCache = new ArrayList<>();
    private final int[] rankingCacheLimit;
    private int[] freeSlots = new int[16];
    private int free;

    /** @param windowsInIntervals the scales, e.g. {1, 6, 60} for 10 s, 1 min, 10 min with 10 s intervals */
    public MultiTimescaleStatistics(int... windowsInIntervals) {
        if (windowsInIntervals.length == 0) throw new IllegalArgumentException("at least one time scale is required");
        for (int w : windowsInIntervals)
            if (w < 1) throw new IllegalArgumentException("time scales must be >= 1 interval");
        for (int i = 1; i < windowsInIntervals.length; i++) {
            if (windowsInIntervals[i] < windowsInIntervals[i - 1])
                throw new IllegalArgumentException("list time scales shortest first");
        }
        windows = windowsInIntervals.clone();
        avg = new double[windows.length][1024];
        totals = new double[windows.length];
        rankingCacheLimit = new int[windows.length];
        for (int i = 0; i < windows.length; i++) rankingCache.add(null);
    }

    /** Traffic of one key in the current interval (bytes or packets; use one unit throughout). */
    public void add(K key, double amount) {
        Integer slot = slotOf.get(key);
        if (slot == null) slot = newSlot(key);
        current[slot] += amount;
    }

    private int newSlot(K key) {
        int slot;
        if (free > 0) {
            slot = freeSlots[--free];
            keyOf.set(slot, key);
        } else {
            slot = keyOf.size();
            keyOf.add(key);
            if (slot == current.length) {
                current = Arrays.copyOf(current, slot * 2);
                for (int s = 0; s < avg.length; s++) avg[s] = Arrays.copyOf(avg[s], slot * 2);
            }
        }
        slotOf.put(key, slot);
        return slot;
    }

    /** Folds the current interval into every scale. */
    public void endInterval() {
        Arrays.fill(totals, 0);
        for (int slot = 0; slot < keyOf.size(); slot++) {
            K key = keyOf.get(slot);
            if (key == null) continue;
            double x = current[slot];
            current[slot] = 0;
            boolean alive = false;
            for (int s = 0; s < windows.length; s++) {
                double a = 1.0 / windows[s];
                double v = avg[s][slot] * (1 - a) + x * a;
                avg[s][slot] = v;
                totals[s] += v;
                alive |= v > FORGET_BELOW;
            }
            if (!alive) {
                slotOf.remove(key);
                keyOf.set(slot, null);
                for (int s = 0; s < windows.length; s++) avg[s][slot] = 0;
                if (free == freeSlots.length) freeSlots = Arrays.copyOf(freeSlots, free * 2);
                freeSlots[free++] = slot;
            }
        }
        for (int s = 0; s < windows.length; s++) rankingCache.set(s, null);
    }

    @Override
    public int scales() {
        return windows.length;
    }

    /** Keys currently tracked. */
    public int size() {
        return slotOf.size();
    }

    @Override
    public List<K> ranking(int scale, int limit) {
        List<K> cached = rankingCache.get(scale);
        if (cached != null && (rankingCacheLimit[scale] >= limit || cached.size() < rankingCacheLimit[scale])) {
            return cached.size() > limit ? cached.subList(0, limit) : cached;
        }
        // Sort (value, slot) pairs packed in longs: non-negative floats order like their bit patterns.
        double[] v = avg[scale];
        long[] packed = new long[keyOf.size()];
        int n = 0;
        for (int slot = 0; slot < keyOf.size(); slot++) {
            if (keyOf.get(slot) != null && v[slot] > 0) {
                packed[n++] = ((long) Float.floatToIntBits((float) v[slot]) << 32) | (0xffffffffL - slot);
            }
        }
        int k = Math.min(limit, n);
        if (n > 2 * k + 64) {
            // Only the top k are needed: move them to the end first, then sort just those.
            select(packed, 0, n - 1, n - k);
            Arrays.sort(packed, n - k, n);
        } else {
            Arrays.sort(packed, 0, n);
        }
        List<K> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) out.add(keyOf.get((int) (0xffffffffL - (packed[n - 1 - i] & 0xffffffffL))));
        rankingCache.set(scale, out);
        rankingCacheLimit[scale] = limit;
        return out;
    }

    /** Rearranges a[lo..hi] so that a[kth] holds the value it would have sorted, smaller left, larger right. */
    static void select(long[] a, int lo, int hi, int kth) {
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            // Median of three as the pivot keeps skewed inputs from going quadratic.
            if (a[mid] < a[lo]) swap(a, mid, lo);
            if (a[hi] < a[lo]) swap(a, hi, lo);
            if (a[hi] < a[mid]) swap(a, hi, mid);
            long pivot = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) swap(a, i++, j--);
            }
            if (kth <= j) hi = j;
            else if (kth >= i) lo = i;
            else return;
        }
    }

    private static void swap(long[] a, int i, int j) {
        long t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    @Override
    public double share(K key, int scale) {
        Integer slot = slotOf.get(key);
        if (slot == null || totals[scale] <= 0) return 0;
        return avg[scale][slot] / totals[scale];
    }
}
