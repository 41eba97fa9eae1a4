package org.flowstream.offload.sim;

/**
 * The bin-optimal strategy of §2.4.1.2: it knows the future, and for every fixed time bin offloads
 * exactly that bin's top n keys, switching sets instantly at the bin boundary. Its churn comes from
 * the traffic's own variability only. Fed by the simulator at the end of each bin.
 */
public final class BinOptimal extends IntervalStrategy {

    private final int binSeconds;
    private int[] members = new int[0];

    public BinOptimal(int capacity, int keyCount, int binSeconds) {
        super("bin-optimal-" + label(binSeconds), capacity, keyCount);
        if (binSeconds < 1) throw new IllegalArgumentException("bins must be >= 1 s");
        this.binSeconds = binSeconds;
    }

    static String label(int s) {
        return s % 60 == 0 ? s / 60 + "min" : s + "s";
    }

    public int binSeconds() {
        return binSeconds;
    }

    /**
     * Ends a bin.
     *
     * @param byCount keys that had traffic in the bin, most packets first
     * @param counts  packets per key in the bin
     * @param total   packets in the bin
     * @return {changes, software packets} of this bin
     */
    public long[] endBin(int[] byCount, int keys, int[] counts, long total) {
        int k = Math.min(capacity(), keys);
        int[] next = new int[k];
        long changed = 0;
        long offloadedPackets = 0;
        for (int i = 0; i < k; i++) {
            int key = byCount[i];
            next[i] = key;
            offloadedPackets += counts[key];
            if (!offloaded[key]) changed++;
        }
        for (int key : members) offloaded[key] = false;
        for (int key : next) offloaded[key] = true;
        for (int key : members) if (!offloaded[key]) changed++;
        members = next;
        changes += changed;
        return new long[] {changed, total - offloadedPackets};
    }
}
