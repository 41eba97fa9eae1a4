package org.flowstream.balancer;

import java.util.Arrays;
import org.flowstream.contracts.net.Ipv4Prefix;

/**
 * Max-heap of tree leaves by load, on primitive arrays: the balancer's inner loop pops and
 * pushes leaves thousands of times per run, and boxed objects made it several times slower.
 * The heap itself holds only (load, key) pairs, side by side in one array so that comparing two
 * children reads one cache line; a leaf's prefix and measured-entry range live in node arrays.
 * Ties go to the lower address, then the shorter prefix, so runs are deterministic.
 */
final class LeafHeap {
    // Entry i at h[2i] (the load's bits: for loads >= 0 they order like the loads) and h[2i+1] (the
    // key: address, prefix length and node id, which orders ties without touching the node arrays).
    private long[] h;
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
        h = new long[2 * c];
        bits = new int[c];
        len = new byte[c];
        lo = new int[c];
        hi = new int[c];
    }

    boolean isEmpty() {
        return size == 0;
    }

    void push(Ipv4Prefix p, double l, int entriesFrom, int entriesTo) {
        push(p.bits(), p.length(), l, entriesFrom, entriesTo);
    }

    void push(int b, int length, double l, int entriesFrom, int entriesTo) {
        long key = newNode(b, length, entriesFrom, entriesTo);
        long lb = Double.doubleToRawLongBits(l);
        if (2 * size == h.length) h = Arrays.copyOf(h, h.length * 2);
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(lb, key, h[2 * parent], h[2 * parent + 1])) break;
            h[2 * i] = h[2 * parent];
            h[2 * i + 1] = h[2 * parent + 1];
            i = parent;
        }
        h[2 * i] = lb;
        h[2 * i + 1] = key;
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
        return Double.longBitsToDouble(h[0]);
    }

    int topBits() {
        return bits[(int) (h[1] & 0x3ffffff)];
    }

    int topLength() {
        return len[(int) (h[1] & 0x3ffffff)];
    }

    int topFrom() {
        return lo[(int) (h[1] & 0x3ffffff)];
    }

    int topTo() {
        return hi[(int) (h[1] & 0x3ffffff)];
    }

    void pop() {
        size--;
        if (size == 0) return;
        // Floyd's pop: walk the hole down to the bottom along the larger children (one compare per
        // level), then bubble the last element up from there; it belongs near the bottom anyway.
        long l = h[2 * size];
        long key = h[2 * size + 1];
        int i = 0;
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) break;
            if (c + 1 < size && before(h[2 * c + 2], h[2 * c + 3], h[2 * c], h[2 * c + 1])) c++;
            h[2 * i] = h[2 * c];
            h[2 * i + 1] = h[2 * c + 1];
            i = c;
        }
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(l, key, h[2 * parent], h[2 * parent + 1])) break;
            h[2 * i] = h[2 * parent];
            h[2 * i + 1] = h[2 * parent + 1];
            i = parent;
        }
        h[2 * i] = l;
        h[2 * i + 1] = key;
    }

    private static boolean before(long l1, long k1, long l2, long k2) {
        if (l1 != l2) return l1 > l2;
        return Long.compareUnsigned(k1, k2) < 0;
    }
}
