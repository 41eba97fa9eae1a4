package org.flowstream.offload.sim;

/** A strategy that holds a set of offloaded keys and changes it only at interval boundaries. */
public abstract class IntervalStrategy extends Strategy {
    protected final boolean[] offloaded;

    protected IntervalStrategy(String name, int capacity, int keyCount) {
        super(name, capacity);
        offloaded = new boolean[keyCount];
    }

    public boolean isOffloaded(int key) {
        return offloaded[key];
    }
}
