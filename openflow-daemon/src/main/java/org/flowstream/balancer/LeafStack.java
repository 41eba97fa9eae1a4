package org.flowstream.balancer;

/**
 * The leaves one split is still working through, depth first: a leaf that fits no machine is
 * replaced by its halves until every piece fits (or may not be split further). Each level leaves at
 * most one half waiting, so 34 slots hold any walk down to /32. Primitive arrays, reused across
 * splits: the balancer's inner loop runs thousands of splits per run.
 */
final class LeafStack {
    private static final int CAPACITY = 34;

    private final int[] bits = new int[CAPACITY];
    private final int[] len = new int[CAPACITY];
    private final double[] load = new double[CAPACITY];
    private final int[] from = new int[CAPACITY];
    private final int[] to = new int[CAPACITY];
    private int size;
    // The leaf last popped, read through the accessors below.
    private int top;

    boolean isEmpty() {
        return size == 0;
    }

    /** Same meaning of {@code entriesFrom}/{@code entriesTo} as in {@link LeafHeap}. */
    void push(int b, int length, double l, int entriesFrom, int entriesTo) {
        bits[size] = b;
        len[size] = length;
        load[size] = l;
        from[size] = entriesFrom;
        to[size++] = entriesTo;
    }

    /** Takes the last pushed leaf off; its fields stay readable until the next push. */
    void pop() {
        top = --size;
    }

    int bits() {
        return bits[top];
    }

    int length() {
        return len[top];
    }

    double load() {
        return load[top];
    }

    int entriesFrom() {
        return from[top];
    }

    int entriesTo() {
        return to[top];
    }
}
