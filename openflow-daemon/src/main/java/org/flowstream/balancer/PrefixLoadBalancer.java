package org.flowstream.balancer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The controller-side load balancer: holds the machines and the installed assignment, starts from
 * uniform traffic (§2.2.5), and re-runs the algorithm when measured imbalance exceeds the maximum
 * or the set of machines changes, moving as few prefixes as it can. Not thread-safe: one owner
 * (the openflow daemon's balancing task) drives it.
 */
public final class PrefixLoadBalancer {

    private final PrefixBalancer balancer;
    private final List<Machine> machines = new ArrayList<>();
    private Assignment current;

    public PrefixLoadBalancer(BalancerTuning config, List<Machine> machines) {
        this.balancer = new PrefixBalancer(config);
        addAll(machines);
        this.current = balancer.assign(this.machines, PrefixLoads.uniform(1.0));
    }

    /**
     * Resumes from an assignment installed earlier (e.g. saved before a daemon restart), so the
     * switch keeps its rules instead of starting again from uniform traffic.
     */
    public PrefixLoadBalancer(BalancerTuning config, List<Machine> machines, Assignment installed) {
        this.balancer = new PrefixBalancer(config);
        addAll(machines);
        if (this.machines.stream().noneMatch(m -> m.id().equals(installed.defaultMachine()))) {
            throw new IllegalArgumentException(
                    "the default machine " + installed.defaultMachine() + " is not balanced");
        }
        for (String owner : installed.prefixes().values()) {
            if (this.machines.stream().noneMatch(m -> m.id().equals(owner))) {
                throw new IllegalArgumentException("the assignment names machine " + owner + ", which is not balanced");
            }
        }
        this.current = installed;
    }

    private void addAll(List<Machine> list) {
        if (list.isEmpty()) throw new IllegalArgumentException("at least one machine is required");
        for (Machine m : list) {
            if (this.machines.stream().anyMatch(x -> x.id().equals(m.id()))) {
                throw new IllegalArgumentException("machine " + m.id() + " is listed twice");
            }
            this.machines.add(m);
        }
    }

    public BalancerTuning config() {
        return balancer.config();
    }

    public Assignment assignment() {
        return current;
    }

    public List<Machine> machines() {
        return List.copyOf(machines);
    }

    public List<BalancerRule> rules(BalancerTopology topology) {
        return BalancerRules.of(current, machines, topology);
    }

    /**
     * Feeds one period's measured load. Returns the new assignment if the imbalance had drifted
     * above the maximum and prefixes were moved, empty if the installed one is still good.
     */
    public Optional<Assignment> update(PrefixLoads measured) {
        if (current.imbalance(measured, machines) <= balancer.config().maxImbalance()) return Optional.empty();
        return replace(balancer.rebalance(current, machines, measured));
    }

    public Optional<Assignment> addMachine(Machine m, PrefixLoads measured) {
        for (Machine x : machines) {
            if (x.id().equals(m.id())) throw new IllegalArgumentException("machine " + m.id() + " is already balanced");
        }
        machines.add(m);
        return replace(balancer.rebalance(current, machines, measured));
    }

    public Optional<Assignment> removeMachine(String id, PrefixLoads measured) {
        if (machines.size() == 1) throw new IllegalArgumentException("cannot remove the last machine");
        if (!machines.removeIf(x -> x.id().equals(id))) throw new IllegalArgumentException("no machine " + id);
        return replace(balancer.rebalance(current, machines, measured));
    }

    private Optional<Assignment> replace(Assignment next) {
        if (next == current) return Optional.empty();
        current = next;
        return Optional.of(next);
    }
}
