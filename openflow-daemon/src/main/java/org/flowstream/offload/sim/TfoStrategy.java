package org.flowstream.offload.sim;

import org.flowstream.offload.OffloadDelta;
import org.flowstream.offload.TfoSelector;
import org.flowstream.offload.TrafficStatistics;

/** TFO under simulation: the real {@link TfoSelector}, run at the end of every statistics interval. */
public final class TfoStrategy extends IntervalStrategy {

    private final TfoSelector<Integer> selector;

    public TfoStrategy(int capacity, int keyCount, double factor) {
        super("TFO", capacity, keyCount);
        selector = new TfoSelector<>(capacity, factor);
    }

    /** One selection round; returns the number of changes. */
    public int endInterval(TrafficStatistics<Integer> stats) {
        OffloadDelta<Integer> d = selector.update(stats);
        for (int k : d.removals()) offloaded[k] = false;
        for (int k : d.additions()) offloaded[k] = true;
        changes += d.churn();
        return d.churn();
    }
}
