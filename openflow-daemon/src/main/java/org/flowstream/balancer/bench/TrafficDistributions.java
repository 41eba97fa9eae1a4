package org.flowstream.balancer.bench;

import java.util.List;
import java.util.SplittableRandom;
import org.flowstream.balancer.PrefixLoads;

/**
 * Synthetic traffic over the IPv4 space for the balancer benchmark: the five functions of §2.2.7
 * (two Gaussian bells, one constant, two random) on /16 counters, and a heavy-tailed Zipf one on
 * /24 counters (the future work §2.2.7 names). Deterministic for a seed.
 */
public final class TrafficDistributions {

    public static final List<String> NAMES =
            List.of("gauss-narrow", "gauss-wide", "constant", "random-uniform", "random-sparse", "zipf");

    private static final int DENSE = 16;

    private TrafficDistributions() {}

    public static PrefixLoads make(String name, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1 << DENSE;
        double[] l = new double[n];
        switch (name) {
            case "gauss-narrow" -> gauss(l, 0.3 * n, n / 32.0);
            case "gauss-wide" -> gauss(l, 0.6 * n, n / 5.0);
            case "constant" -> java.util.Arrays.fill(l, 1.0);
            case "random-uniform" -> {
                for (int i = 0; i < n; i++) l[i] = r.nextDouble();
            }
            case "random-sparse" -> { // a tenth of the /16s carry traffic, exponentially distributed
                for (int i = 0; i < n; i++) l[i] = r.nextInt(10) == 0 ? -Math.log(1 - r.nextDouble()) : 0;
            }
            case "zipf" -> {
                return zipf(r, 100_000, 1.0);
            }
            default -> throw new IllegalArgumentException("unknown distribution " + name + "; known: " + NAMES);
        }
        return PrefixLoads.ofDense(DENSE, l);
    }

    private static void gauss(double[] l, double mean, double sigma) {
        for (int i = 0; i < l.length; i++) {
            double z = (i - mean) / sigma;
            l[i] = Math.exp(-0.5 * z * z);
        }
    }

    /** {@code active} distinct /24s at random places, the k-th most popular with load 1/k^s. */
    private static PrefixLoads zipf(SplittableRandom r, int active, double s) {
        long[] idx = new long[active];
        double[] load = new double[active];
        java.util.HashSet<Long> used = new java.util.HashSet<>();
        for (int k = 0; k < active; k++) {
            long b;
            do {
                b = r.nextLong(1L << 24);
            } while (!used.add(b));
            idx[k] = b;
            load[k] = Math.pow(k + 1, -s);
        }
        return PrefixLoads.ofBuckets(24, idx, load);
    }
}
