package org.flowstream.balancer;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.flowstream.contracts.net.Ipv4Prefix;

/**
 * Per-prefix traffic estimator that a module host runs on the traffic it forwards (§2.2.5 samples
 * 1 in 100 packets into per-prefix counters). Each packet is kept with probability 1/N, decided by a
 * seeded generator so runs are repeatable; the kept packet counts towards the sub-prefix (of the
 * configured length) of the address it is balanced on. {@link #snapshot} scales the counts back up
 * by N. Thread-safe.
 */
public final class TrafficSampler {

    private final int oneIn;
    private final int resolution;
    private final SplittableRandom random;
    private final Map<Integer, long[]> counters = new HashMap<>(); // key: sub-prefix bits -> {packets, bytes}
    private long seen;
    private long sampled;

    /**
     * @param oneIn      keep one packet in this many (1 keeps all)
     * @param resolution length of the counted sub-prefixes, 1..32 (e.g. 24)
     * @param seed       seed of the sampling decisions
     */
    public TrafficSampler(int oneIn, int resolution, long seed) {
        if (oneIn < 1) throw new IllegalArgumentException("oneIn must be >= 1");
        if (resolution < 1 || resolution > 32) throw new IllegalArgumentException("resolution must be 1..32");
        this.oneIn = oneIn;
        this.resolution = resolution;
        this.random = new SplittableRandom(seed);
    }

    /** §2.2.5's setting: 1 in 100 packets, /24 counters. */
    public static TrafficSampler standard(long seed) {
        return new TrafficSampler(100, 24, seed);
    }

    /** A packet as seen by the machine: it counts towards the address of its balancing direction. */
    public void observe(Direction direction, int sourceAddress, int destinationAddress, int bytes) {
        observe(direction == Direction.SOURCE ? sourceAddress : destinationAddress, bytes);
    }

    /** A packet balanced on {@code address}. */
    public synchronized void observe(int address, int bytes) {
        seen++;
        if (oneIn > 1 && random.nextInt(oneIn) != 0) return;
        sampled++;
        long[] c = counters.computeIfAbsent(address & Ipv4Prefix.mask(resolution), k -> new long[2]);
        c[0]++;
        c[1] += bytes;
    }

    public synchronized long packetsSeen() {
        return seen;
    }

    public synchronized long packetsSampled() {
        return sampled;
    }

    /** Estimated load per sub-prefix since the last reset, scaled by the sampling rate. */
    public synchronized PrefixLoads snapshot(LoadUnit unit) {
        Map<Ipv4Prefix, Double> m = new HashMap<>();
        int idx = unit == LoadUnit.PACKETS ? 0 : 1;
        counters.forEach((bits, c) -> m.put(new Ipv4Prefix(bits, resolution), (double) c[idx] * oneIn));
        return PrefixLoads.of(m);
    }

    /** Snapshot and start a new measurement period (the time between two balancer runs, §2.2.4). */
    public synchronized PrefixLoads snapshotAndReset(LoadUnit unit) {
        PrefixLoads p = snapshot(unit);
        counters.clear();
        seen = 0;
        sampled = 0;
        return p;
    }
}
