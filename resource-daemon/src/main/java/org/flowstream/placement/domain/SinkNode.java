package org.flowstream.placement.domain;

import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.entity.PlanningPin;
import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import ai.timefold.solver.core.api.domain.variable.PlanningVariable;
import java.util.List;

/** Where a service's traffic leaves: one I/O node chosen from an allowed set. */
@PlanningEntity
public final class SinkNode implements ServiceNode {
    @PlanningId
    private Integer key;

    private String name;
    private String serviceId;
    private List<IoNode> allowed;
    /*
     * The value range is all I/O nodes (solution level) and "Sink on an allowed IO node" keeps the choice
     * inside getAllowed(): Timefold 1.32 fails to build swap moves for the PMs when another entity
     * class has an entity-dependent value range. Our sink moves only ever propose allowed nodes.
     */
    @PlanningVariable(valueRangeProviderRefs = "ioNodes")
    private IoNode ioNode;

    @PlanningPin
    private boolean pinned;

    /** For Timefold's planning clone. */
    public SinkNode() {}

    public SinkNode(int key, String name, String serviceId, List<IoNode> allowed) {
        if (allowed.isEmpty())
            throw new IllegalArgumentException("sink " + serviceId + "/" + name + " has no allowed I/O node");
        this.key = key;
        this.name = name;
        this.serviceId = serviceId;
        this.allowed = List.copyOf(allowed);
    }

    @Override
    public int key() {
        return key;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String serviceId() {
        return serviceId;
    }

    public List<IoNode> getAllowed() {
        return allowed;
    }

    public IoNode getIoNode() {
        return ioNode;
    }

    public void setIoNode(IoNode ioNode) {
        this.ioNode = ioNode;
    }

    public boolean allows(IoNode io) {
        return allowed.contains(io);
    }

    public boolean isPinned() {
        return pinned;
    }

    public void setPinned(boolean pinned) {
        this.pinned = pinned;
    }

    @Override
    public String toString() {
        return serviceId + "/" + name + "@" + ioNode;
    }
}
