package org.flowstream.placement.domain;

/** One direction of a platform link: traffic is reserved per direction (§3.2.1). */
public final class PlatformLink {
    private final int index;
    private final int from;
    private final int to;
    private final long capacityBps;
    private final int delay;
    private final String name;

    public PlatformLink(int index, int from, int to, long capacityBps, int delay, String name) {
        this.index = index;
        this.from = from;
        this.to = to;
        this.capacityBps = capacityBps;
        this.delay = delay;
        this.name = name;
    }

    public int index() {
        return index;
    }
    /** Node index of the sending end. */
    public int from() {
        return from;
    }
    /** Node index of the receiving end. */
    public int to() {
        return to;
    }

    public long capacityBps() {
        return capacityBps;
    }

    public int delay() {
        return delay;
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
