package org.flowstream.openflow.balancing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flowstream.balancer.Assignment;
import org.flowstream.balancer.PrefixLoadBalancer;
import org.flowstream.balancer.PrefixLoads;
import org.flowstream.openflow.rules.Rule;

/**
 * One balancer's configuration together with the assignment computed for it and the rules that assignment
 * becomes. A change (re-balancing, a machine added or removed) yields a new plan and leaves this one alone:
 * the daemon switches to the new plan only once the switch has accepted its rules, so a refused change
 * changes nothing.
 */
public final class BalancerPlan {

    private final BalancerConfig config;
    private final Assignment assignment;
    private final BalancerFlowRules rules;

    private BalancerPlan(BalancerConfig config, Assignment assignment) {
        this.config = config;
        this.assignment = assignment;
        PrefixLoadBalancer view = new PrefixLoadBalancer(config.lbConfig(), config.balancerMachines(), assignment);
        this.rules = new BalancerFlowRules(view.rules(config.topology()), config.cookie());
    }

    /** A new balancer: uniform traffic assumed until something is measured (§2.2.5). */
    public static BalancerPlan fresh(BalancerConfig config) {
        PrefixLoadBalancer lb = new PrefixLoadBalancer(config.lbConfig(), config.balancerMachines());
        return new BalancerPlan(config, lb.assignment());
    }

    /** A balancer resumed from its saved assignment. */
    public static BalancerPlan restored(BalancerConfig config, Assignment assignment) {
        return new BalancerPlan(config, assignment);
    }

    public BalancerConfig config() {
        return config;
    }

    public Assignment assignment() {
        return assignment;
    }

    public BalancerFlowRules flowRules() {
        return rules;
    }

    public List<Rule> rules() {
        return rules.rules();
    }

    private PrefixLoadBalancer balancer() {
        return new PrefixLoadBalancer(config.lbConfig(), config.balancerMachines(), assignment);
    }

    /** The incremental re-run on measured load; empty while the imbalance is within the maximum. */
    public Optional<BalancerPlan> rebalanced(PrefixLoads measured) {
        return balancer().update(measured).map(a -> new BalancerPlan(config, a));
    }

    /** The same assignment under new knobs (maximum imbalance, chunk threshold, load source, interval). */
    public BalancerPlan reconfigured(BalancerConfig next) {
        return new BalancerPlan(next, assignment);
    }

    public BalancerPlan withMachine(BalancerConfig.MachinePort machine, PrefixLoads measured) {
        List<BalancerConfig.MachinePort> list = new ArrayList<>(config.machines());
        list.add(machine);
        BalancerConfig next = config.withMachines(list, config.defaultMachine()).check();
        PrefixLoadBalancer lb = balancer();
        lb.addMachine(machine.machine(), measured);
        return new BalancerPlan(next, lb.assignment());
    }

    public BalancerPlan withoutMachine(String name, PrefixLoads measured) {
        if (config.machine(name) == null) {
            throw new IllegalArgumentException("balancer %d has no machine %s (it has %s)"
                    .formatted(
                            config.id(),
                            name,
                            config.machines().stream()
                                    .map(BalancerConfig.MachinePort::name)
                                    .toList()));
        }
        if (config.machines().size() == 1) {
            throw new IllegalArgumentException(
                    "machine %s is the last one of balancer %d; use lb_remove to remove the balancer"
                            .formatted(name, config.id()));
        }
        PrefixLoadBalancer lb = balancer();
        lb.removeMachine(name, measured);
        List<BalancerConfig.MachinePort> list =
                config.machines().stream().filter(m -> !m.name().equals(name)).toList();
        // Removing the default machine makes the balancer elect another one.
        return new BalancerPlan(
                config.withMachines(list, lb.assignment().defaultMachine()).check(), lb.assignment());
    }
}
