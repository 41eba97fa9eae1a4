package org.flowstream.offload;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the openflow daemon drives for §2.4 offloading: feed it each key's traffic of the interval
 * (software-path counts for keys not offloaded, switch rule counters for the offloaded ones),
 * close the interval, install the additions and remove the removals it returns. Not thread-safe.
 *
 * @param <K> the key, e.g. a destination {@link org.flowstream.contracts.net.Ipv4Prefix}
 */
public final class TrafficOffloader<K> {

    private final MultiTimescaleStatistics<K> stats;
    private final TfoSelector<K> selector;

    /**
     * @param capacity           n, forwarding entries available for offloading
     * @param factor             swap factor (2 in §2.4.2.2)
     * @param windowsInIntervals time scales in intervals, shortest first, e.g. {3, 30, 180}
     */
    public TrafficOffloader(int capacity, double factor, int... windowsInIntervals) {
        this.stats = new MultiTimescaleStatistics<>(windowsInIntervals);
        this.selector = new TfoSelector<>(capacity, factor);
    }

    /** Traffic of one key during the current interval (packets, or bytes: one unit throughout). */
    public void record(K key, double amount) {
        if (amount < 0) throw new IllegalArgumentException("traffic must be >= 0");
        if (amount > 0) stats.add(key, amount);
    }

    /** Closes the interval and runs one TFO round; the caller applies the delta to the switch. */
    public OffloadDelta<K> endInterval() {
        stats.endInterval();
        return selector.update(stats);
    }

    /**
     * Like {@link #endInterval()}, and then also withdraws offloaded keys that went quiet on every time
     * scale (see {@link TfoSelector#retireIdle}); the removals of both are in the one delta.
     */
    public OffloadDelta<K> endIntervalRetiringIdle() {
        OffloadDelta<K> round = endInterval();
        List<K> idle = selector.retireIdle(stats);
        if (idle.isEmpty()) return round;
        List<K> removals = new ArrayList<>(round.removals());
        removals.addAll(idle);
        return new OffloadDelta<>(round.additions(), removals);
    }

    /** Takes keys as already offloaded (a restart resuming its saved set), up to the capacity. */
    public void restore(Iterable<K> keys) {
        selector.restore(keys);
    }

    public int capacity() {
        return selector.capacity();
    }

    public Set<K> offloaded() {
        return selector.offloaded();
    }

    public TrafficStatistics<K> statistics() {
        return stats;
    }
}
