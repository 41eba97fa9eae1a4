package org.flowstream.placement.domain;

/** A connection of the platform to the Internet: sources sit on one, sinks choose one (§3.2.1). */
public final class IoNode {
    private final int index;
    private final int node;
    private final String name;

    public IoNode(int index, int node, String name) {
        this.index = index;
        this.node = node;
        this.name = name;
    }

    /** Position among the platform's I/O nodes. */
    public int index() {
        return index;
    }
    /** Node index in the platform graph. */
    public int node() {
        return node;
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
