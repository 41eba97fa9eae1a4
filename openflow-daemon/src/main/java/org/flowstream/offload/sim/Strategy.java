package org.flowstream.offload.sim;

/**
 * A heavy-hitter selection strategy under simulation, with its counters. Software packets and
 * changes are recorded per measurement window so the simulator can report medians.
 */
public abstract class Strategy {

    private final String name;
    private final int capacity;
    long changes;
    long[] softwareByWindow;
    long[] changesByWindow;
    boolean perWindowSoftware = true;

    protected Strategy(String name, int capacity) {
        if (capacity < 0) throw new IllegalArgumentException("capacity must be >= 0");
        this.name = name;
        this.capacity = capacity;
    }

    public String name() {
        return name;
    }

    /** n, the number of forwarding entries. */
    public int capacity() {
        return capacity;
    }

    /** Rule changes (an addition or a removal each count one) since the start. */
    public long changes() {
        return changes;
    }
}
