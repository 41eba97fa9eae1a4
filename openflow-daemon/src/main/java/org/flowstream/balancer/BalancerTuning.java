package org.flowstream.balancer;

/**
 * Knobs of the prefix load balancer (§2.2.4).
 *
 * @param maxImbalance   the user-set maximum of (most overworked machine's load / its fair share), &gt; 1
 * @param chunkThreshold fraction of the average per-machine load below which the greedy stops
 *                       looking for leaves that fit a machine's fair share and accepts any leaf that
 *                       does not push the machine over the maximum imbalance
 * @param maxDepth       longest prefix the balancer will create (32 = single addresses)
 */
public record BalancerTuning(double maxImbalance, double chunkThreshold, int maxDepth) {

    /** The evaluation setup of §2.2.7: maximum imbalance 1.1, chunk threshold 20 % of the average load. */
    public static final BalancerTuning DEFAULT = new BalancerTuning(1.1, 0.2, 32);

    public BalancerTuning {
        if (!(maxImbalance > 1.0)) throw new IllegalArgumentException("maxImbalance must be > 1, got " + maxImbalance);
        if (!(chunkThreshold >= 0)) throw new IllegalArgumentException("chunkThreshold must be >= 0");
        if (maxDepth < 1 || maxDepth > 32) throw new IllegalArgumentException("maxDepth must be 1..32");
    }

    public BalancerTuning withMaxImbalance(double m) {
        return new BalancerTuning(m, chunkThreshold, maxDepth);
    }
}
