package org.flowstream.placement.domain;

import java.util.List;

/** A source-to-sink path of a service whose total delay must stay within {@link #bound()} (constraint v). */
public final class DelayBound {
    private final String id;
    private final String serviceId;
    private final List<ServiceLink> path;
    private final int bound;

    public DelayBound(String id, String serviceId, List<ServiceLink> path, int bound) {
        if (path.isEmpty()) throw new IllegalArgumentException("delay bound " + id + " has an empty path");
        if (!(path.get(0).from() instanceof SourceNode)
                || !(path.get(path.size() - 1).to() instanceof SinkNode)) {
            throw new IllegalArgumentException("delay bound " + id + " must run from a source to a sink");
        }
        for (int i = 1; i < path.size(); i++) {
            if (path.get(i - 1).to() != path.get(i).from())
                throw new IllegalArgumentException("delay bound " + id + " is not a path");
        }
        this.id = id;
        this.serviceId = serviceId;
        this.path = List.copyOf(path);
        this.bound = bound;
        for (ServiceLink l : path) l.addDelayBound(this);
    }

    public String id() {
        return id;
    }

    public String serviceId() {
        return serviceId;
    }

    public List<ServiceLink> path() {
        return path;
    }

    public int bound() {
        return bound;
    }

    @Override
    public String toString() {
        return id + " <= " + bound;
    }
}
