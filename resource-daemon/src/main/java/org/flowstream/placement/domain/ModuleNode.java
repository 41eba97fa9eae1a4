package org.flowstream.placement.domain;

import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.entity.PlanningPin;
import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import ai.timefold.solver.core.api.domain.variable.PlanningVariable;

/** A processing module: needs fractional CPU and memory, and gets a server. */
@PlanningEntity
public final class ModuleNode implements ServiceNode {
    @PlanningId
    private Integer key;

    private String name;
    private String serviceId;
    private int cpuCenti;
    private long memoryMb;

    @PlanningVariable(valueRangeProviderRefs = "servers")
    private ServerNode server;

    @PlanningPin
    private boolean pinned;

    /** For Timefold's planning clone. */
    public ModuleNode() {}

    public ModuleNode(int key, String name, String serviceId, int cpuCenti, long memoryMb) {
        if (cpuCenti <= 0 || memoryMb <= 0)
            throw new IllegalArgumentException("PM " + serviceId + "/" + name + " needs positive CPU and memory");
        this.key = key;
        this.name = name;
        this.serviceId = serviceId;
        this.cpuCenti = cpuCenti;
        this.memoryMb = memoryMb;
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
    /** CPU need in hundredths of a core. */
    public int cpuCenti() {
        return cpuCenti;
    }

    public long memoryMb() {
        return memoryMb;
    }

    public ServerNode getServer() {
        return server;
    }

    public void setServer(ServerNode server) {
        this.server = server;
    }

    public boolean isPinned() {
        return pinned;
    }

    public void setPinned(boolean pinned) {
        this.pinned = pinned;
    }

    @Override
    public String toString() {
        return serviceId + "/" + name + "@" + server;
    }
}
