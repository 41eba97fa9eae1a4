package org.flowstream.offload.trace;

import java.util.SplittableRandom;

/**
 * A seeded synthetic trace with the properties §2.4 builds on: traffic per destination prefix
 * follows Zipf's law, heavy hitters are volatile (ranks drift: every second some prefixes swap rank
 * with a neighbour, more often among the low ranks), and the total rate follows a time-of-day swing
 * (a sine, compressed to the trace length by default). Generated on the fly; replays are identical.
 *
 * @param keys             number of destination prefixes
 * @param exponent         Zipf exponent s (share of rank r proportional to r^-s)
 * @param meanPps          mean packet rate
 * @param durationSeconds  trace length
 * @param swapsPerSecond   rank swaps per second (rank churn)
 * @param dayAmplitude     relative amplitude of the time-of-day swing, 0..1
 * @param dayPeriodSeconds period of the swing
 * @param seed             seed of everything random
 */
public record SyntheticZipfTrace(
        int keys,
        double exponent,
        double meanPps,
        long durationSeconds,
        int swapsPerSecond,
        double dayAmplitude,
        long dayPeriodSeconds,
        long seed)
        implements Trace {

    public SyntheticZipfTrace {
        if (keys < 1) throw new IllegalArgumentException("keys must be >= 1");
        if (!(exponent > 0)) throw new IllegalArgumentException("exponent must be > 0");
        if (!(meanPps > 0)) throw new IllegalArgumentException("meanPps must be > 0");
        if (durationSeconds < 1) throw new IllegalArgumentException("duration must be >= 1 s");
        if (dayAmplitude < 0 || dayAmplitude >= 1) throw new IllegalArgumentException("dayAmplitude must be in [0, 1)");
        if (dayPeriodSeconds < 1) throw new IllegalArgumentException("dayPeriodSeconds must be >= 1");
        if (swapsPerSecond < 0) throw new IllegalArgumentException("swapsPerSecond must be >= 0");
    }

    @Override
    public int keyCount() {
        return keys;
    }

    @Override
    public String keyName(int key) {
        // Spread the prefixes over the space as /24s, deterministically.
        int bits = (int) ((key * 2654435761L) & 0xffffffL) << 8;
        return org.flowstream.contracts.net.Ipv4Address.format(bits) + "/24";
    }

    @Override
    public void replay(PacketSink sink) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] cdf = new double[keys];
        double acc = 0;
        for (int i = 0; i < keys; i++) {
            acc += Math.pow(i + 1, -exponent);
            cdf[i] = acc;
        }
        int[] keyAtRank = new int[keys];
        for (int i = 0; i < keys; i++) keyAtRank[i] = i;
        for (int i = keys - 1; i > 0; i--) { // which prefix starts at which rank is random too
            int j = r.nextInt(i + 1);
            int t = keyAtRank[i];
            keyAtRank[i] = keyAtRank[j];
            keyAtRank[j] = t;
        }
        double logKeys = Math.log(keys);
        for (long sec = 0; sec < durationSeconds; sec++) {
            for (int s = 0; s < swapsPerSecond && keys > 1; s++) {
                // Log-uniform rank: every order of magnitude of ranks churns alike, so the top is
                // far more stable per prefix than the tail; the partner is a near neighbour.
                int rank = (int) Math.min(keys - 1, Math.floor(Math.exp(r.nextDouble() * logKeys)));
                int reach = Math.max(1, rank / 2);
                int other = Math.clamp(rank + r.nextInt(-reach, reach + 1), 0, keys - 1);
                int t = keyAtRank[rank];
                keyAtRank[rank] = keyAtRank[other];
                keyAtRank[other] = t;
            }
            double rate = meanPps * (1 + dayAmplitude * Math.sin(2 * Math.PI * sec / dayPeriodSeconds));
            int count = (int) rate + (r.nextDouble() < rate - Math.floor(rate) ? 1 : 0);
            for (int i = 0; i < count; i++) {
                double u = r.nextDouble() * acc;
                int lo = 0;
                int hi = keys - 1;
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (cdf[mid] < u) lo = mid + 1;
                    else hi = mid;
                }
                int bytes = switch (r.nextInt(4)) {
                    case 0 -> 64;
                    case 1 -> 576;
                    default -> 1500;
                };
                sink.packet(sec * 1_000_000 + (long) i * 1_000_000 / count, keyAtRank[lo], bytes);
            }
        }
    }
}
