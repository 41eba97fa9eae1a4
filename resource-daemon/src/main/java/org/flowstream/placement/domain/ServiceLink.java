package org.flowstream.placement.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A directed link of a service DAG with the traffic it carries. It is a problem fact: it never reads
 * where its ends are placed (that would hide changes from Timefold); constraints join it to the PMs
 * and sinks by {@link #fromKey()} and {@link #toKey()}.
 */
public final class ServiceLink {
    /** What the ends are, which decides which entities a constraint must join. */
    public enum Kind {
        INGRESS,
        INTERNAL,
        EGRESS
    }

    private final int key;
    private final String serviceId;
    private final ServiceNode from;
    private final ServiceNode to;
    private final long trafficBps;
    private final Kind kind;
    private final List<DelayBound> delayBounds = new ArrayList<>(1);
    /** Read in constraint filters on every move: one view, not a new wrapper per call. */
    private final List<DelayBound> delayBoundsView = Collections.unmodifiableList(delayBounds);

    public ServiceLink(int key, String serviceId, ServiceNode from, ServiceNode to, long trafficBps) {
        if (trafficBps < 0)
            throw new IllegalArgumentException(
                    "negative traffic on " + serviceId + " " + from.name() + "->" + to.name());
        if (from instanceof SinkNode)
            throw new IllegalArgumentException("a sink has no outgoing link (" + serviceId + "/" + from.name() + ")");
        if (to instanceof SourceNode)
            throw new IllegalArgumentException("a source has no incoming link (" + serviceId + "/" + to.name() + ")");
        if (from instanceof SourceNode && to instanceof SinkNode) {
            throw new IllegalArgumentException("link " + serviceId + " " + from.name() + "->" + to.name()
                    + " joins two I/O nodes; I/O nodes cannot carry internal traffic (§3.2.1)");
        }
        this.key = key;
        this.serviceId = serviceId;
        this.from = from;
        this.to = to;
        this.trafficBps = trafficBps;
        this.kind = from instanceof SourceNode ? Kind.INGRESS : to instanceof SinkNode ? Kind.EGRESS : Kind.INTERNAL;
    }

    public int key() {
        return key;
    }

    public String serviceId() {
        return serviceId;
    }

    public ServiceNode from() {
        return from;
    }

    public ServiceNode to() {
        return to;
    }

    public int fromKey() {
        return from.key();
    }

    public int toKey() {
        return to.key();
    }

    public long trafficBps() {
        return trafficBps;
    }

    public Kind kind() {
        return kind;
    }

    /** Delay bounds whose path includes this link. */
    public List<DelayBound> delayBounds() {
        return delayBoundsView;
    }

    void addDelayBound(DelayBound bound) {
        delayBounds.add(bound);
    }

    @Override
    public String toString() {
        return serviceId + ":" + from.name() + "->" + to.name();
    }
}
