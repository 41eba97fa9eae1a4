package org.flowstream.openflow.lb;

import java.util.Arrays;

/**
 * Max-heap of tree leaves by load, on primitive arrays: the balancer's inner loop pops and
 * pushes leaves thousands of times per run, and boxed objects made it several times slower.
 * The heap itself holds only (load, node id); a leaf's prefix and measured-entry range live in
 * node arrays so that sifting touches two arrays. Ties go to the lower address, then the shorter
 * prefix, so runs are deterministic.
 */
final class LeafHeap {
    private double[] hLoad;
    // Address (unsigned, top 32 bits), prefix length (6 bits) and node id (26 bits) in one long:
    // ties on load are broken by an unsigned compare of this key without touching the node arrays.
    private long[] hKey;
    private int size;

    private int[] bits;
    private byte[] len;
    // Index range of the measured entries that start inside the leaf; hi == -1 marks a leaf that
    // lies inside one measured entry (its load halves with every split, no search needed).
    private int[] lo;
    private int[] hi;
    private int nodes;

    /** @param expected expected number of leaves (sized up front: growing copies the arrays) */
    LeafHeap(int expected) {
        int c = Math.max(16, expected);
        hLoad = new double[c];
        hKey = new long[c];
        bits = new int[c];
        len = new byte[c];
        lo = new int[c];
        hi = new int[c];
    }

    boolean isEmpty() {
        return size == 0;
    }

    void push(Prefix p, double l, int entriesFrom, int entriesTo) {
        push(p.bits(), p.length(), l, entriesFrom, entriesTo);
    }

    void push(int b, int length, double l, int entriesFrom, int entriesTo) {
        long key = newNode(b, length, entriesFrom, entriesTo);
        if (size == hLoad.length) {
            hLoad = Arrays.copyOf(hLoad, size * 2);
            hKey = Arrays.copyOf(hKey, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(l, key, hLoad[parent], hKey[parent])) break;
            hLoad[i] = hLoad[parent];
            hKey[i] = hKey[parent];
            i = parent;
        }
        hLoad[i] = l;
        hKey[i] = key;
    }

    /**
     * Pops the top and pushes a new leaf in one sift. The balancer replaces a split leaf by its
     * heavier half, which usually stays on top, so this costs a compare or two instead of a pop and a push.
     */
    void replaceTop(int b, int length, double l, int entriesFrom, int entriesTo) {
        long key = newNode(b, length, entriesFrom, entriesTo);
        siftDown(l, key);
    }

    private long newNode(int b, int length, int entriesFrom, int entriesTo) {
        if (nodes == bits.length) {
            int n = nodes * 2;
            bits = Arrays.copyOf(bits, n);
            len = Arrays.copyOf(len, n);
            lo = Arrays.copyOf(lo, n);
            hi = Arrays.copyOf(hi, n);
        }
        int node = nodes++;
        bits[node] = b;
        len[node] = (byte) length;
        lo[node] = entriesFrom;
        hi[node] = entriesTo;
        if (node >= 1 << 26) throw new IllegalStateException("too many leaves");
        return ((b & 0xffffffffL) << 32) | ((long) length << 26) | node;
    }

    double topLoad() {
        return hLoad[0];
    }

    int topBits() {
        return bits[(int) (hKey[0] & 0x3ffffff)];
    }

    int topLength() {
        return len[(int) (hKey[0] & 0x3ffffff)];
    }

    int topFrom() {
        return lo[(int) (hKey[0] & 0x3ffffff)];
    }

    int topTo() {
        return hi[(int) (hKey[0] & 0x3ffffff)];
    }

    void pop() {
        size--;
        if (size == 0) return;
        // Floyd's pop: walk the hole down to the bottom along the larger children (one compare per
        // level), then bubble the last element up from there; it belongs near the bottom anyway.
        double l = hLoad[size];
        long key = hKey[size];
        int i = 0;
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) break;
            if (c + 1 < size && before(hLoad[c + 1], hKey[c + 1], hLoad[c], hKey[c])) c++;
            hLoad[i] = hLoad[c];
            hKey[i] = hKey[c];
            i = c;
        }
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(l, key, hLoad[parent], hKey[parent])) break;
            hLoad[i] = hLoad[parent];
            hKey[i] = hKey[parent];
            i = parent;
        }
        hLoad[i] = l;
        hKey[i] = key;
    }

    private void siftDown(double l, long key) {
        int i = 0;
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) break;
            if (c + 1 < size && before(hLoad[c + 1], hKey[c + 1], hLoad[c], hKey[c])) c++;
            if (!before(hLoad[c], hKey[c], l, key)) break;
            hLoad[i] = hLoad[c];
            hKey[i] = hKey[c];
            i = c;
        }
        hLoad[i] = l;
        hKey[i] = key;
    }

    private static boolean before(double l1, long k1, double l2, long k2) {
        if (l1 != l2) return l1 > l2;
        return Long.compareUnsigned(k1, k2) < 0;
    }
}
