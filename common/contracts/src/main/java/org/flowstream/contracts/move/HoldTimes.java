package org.flowstream.contracts.move;

/** How long held packets waited: the one percentile every side of a move reports (nearest rank). */
public final class HoldTimes {

    private HoldTimes() {}

    /** The {@code q} quantile (0 to 1) of {@code sorted} by nearest rank; 0 for none. */
    public static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
