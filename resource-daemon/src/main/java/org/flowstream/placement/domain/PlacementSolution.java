package org.flowstream.placement.domain;

import ai.timefold.solver.core.api.domain.solution.ConstraintWeightOverrides;
import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningScore;
import ai.timefold.solver.core.api.domain.solution.PlanningSolution;
import ai.timefold.solver.core.api.domain.solution.ProblemFactCollectionProperty;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import java.util.ArrayList;
import java.util.List;

/**
 * One placement problem: a platform, its services, and where their PMs and sinks go. The hard score
 * is minus the paper's "total" violations (cpu in 1/100 core + memory in MB + bandwidth in Mbps +
 * delay); the soft score is the chosen objective.
 */
@PlanningSolution
public class PlacementSolution {
    private Platform platform;
    private List<ServiceGraph> services;

    @ProblemFactCollectionProperty
    private List<ServerNode> servers;

    @ProblemFactCollectionProperty
    private List<IoNode> ioNodes;
    /*
     * Value ranges with constant-time membership: see IndexedValueRange.
     */
    @ValueRangeProvider(id = "servers")
    private IndexedValueRange<ServerNode> serverRange;

    @ValueRangeProvider(id = "ioNodes")
    private IndexedValueRange<IoNode> ioNodeRange;

    @ProblemFactCollectionProperty
    private List<ServiceLink> serviceLinks;

    @ProblemFactCollectionProperty
    private List<DelayBound> delayBounds;

    @PlanningEntityCollectionProperty
    private List<ModuleNode> pms;

    @PlanningEntityCollectionProperty
    private List<SinkNode> sinks;

    private ConstraintWeightOverrides<HardSoftLongScore> constraintWeightOverrides;

    @PlanningScore
    private HardSoftLongScore score;

    /** For Timefold's planning clone. */
    public PlacementSolution() {}

    public PlacementSolution(Platform platform, List<ServiceGraph> services, PlacementObjective objective) {
        this.platform = platform;
        this.services = List.copyOf(services);
        this.servers = platform.servers();
        this.ioNodes = platform.ioNodes();
        this.serverRange = new IndexedValueRange<>(servers, ServerNode::index);
        this.ioNodeRange = new IndexedValueRange<>(ioNodes, IoNode::index);
        this.serviceLinks = new ArrayList<>();
        this.delayBounds = new ArrayList<>();
        this.pms = new ArrayList<>();
        this.sinks = new ArrayList<>();
        for (ServiceGraph ns : services) {
            serviceLinks.addAll(ns.links());
            delayBounds.addAll(ns.delayBounds());
            pms.addAll(ns.pms());
            sinks.addAll(ns.sinks());
        }
        this.constraintWeightOverrides = objective.weights();
    }

    public Platform getPlatform() {
        return platform;
    }

    public List<ServiceGraph> getServices() {
        return services;
    }

    public List<ServerNode> getServers() {
        return servers;
    }

    public List<IoNode> getIoNodes() {
        return ioNodes;
    }

    public List<ServiceLink> getServiceLinks() {
        return serviceLinks;
    }

    public List<DelayBound> getDelayBounds() {
        return delayBounds;
    }

    public List<ModuleNode> getPms() {
        return pms;
    }

    public List<SinkNode> getSinks() {
        return sinks;
    }

    public ConstraintWeightOverrides<HardSoftLongScore> getConstraintWeightOverrides() {
        return constraintWeightOverrides;
    }

    public void setConstraintWeightOverrides(ConstraintWeightOverrides<HardSoftLongScore> overrides) {
        this.constraintWeightOverrides = overrides;
    }

    public HardSoftLongScore getScore() {
        return score;
    }

    public void setScore(HardSoftLongScore score) {
        this.score = score;
    }
}
