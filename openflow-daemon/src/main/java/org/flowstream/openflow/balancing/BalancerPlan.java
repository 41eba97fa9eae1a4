package org.flowstream.openflow.balancing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flowstream.balancer.Assignment;
import org.flowstream.balancer.BalancerRule;
import org.flowstream.balancer.Machine;
import org.flowstream.balancer.PrefixBalancer;
import org.flowstream.balancer.PrefixLoads;
import org.flowstream.contracts.records.openflow.BalancerConfig;
import org.flowstream.openflow.rules.Rule;

/**
 * One balancer's configuration together with the assignment computed for it and the rules that assignment
 * becomes. A change (re-balancing, a machine added or removed) runs the {@link PrefixBalancer} and yields a new
 * plan, leaving this one alone: the daemon switches to the new plan only once the switch has accepted its rules,
 * so a refused change changes nothing.
 */
public final class BalancerPlan {

    private final BalancerConfig config;
    private final Assignment assignment;
    private final BalancerFlowRules rules;

    private BalancerPlan(BalancerConfig config, Assignment assignment) {
        List<Machine> machines = BalancerConfigs.balancerMachines(config);
        PrefixBalancer.requireMachinesOf(assignment, machines);
        this.config = config;
        this.assignment = assignment;
        this.rules = new BalancerFlowRules(
                BalancerRule.of(assignment, machines, BalancerConfigs.topology(config)),
                BalancerConfigs.cookie(config));
    }

    /** A new balancer: uniform traffic assumed until something is measured (§2.2.5). */
    public static BalancerPlan fresh(BalancerConfig config) {
        return new BalancerPlan(config, balancer(config).assignUniform(BalancerConfigs.balancerMachines(config)));
    }

    /** A balancer resumed from its saved assignment. */
    public static BalancerPlan restored(BalancerConfig config, Assignment assignment) {
        return new BalancerPlan(config, assignment);
    }

    private static PrefixBalancer balancer(BalancerConfig config) {
        return new PrefixBalancer(BalancerConfigs.tuning(config));
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

    /** The incremental re-run on measured load; empty while the imbalance is within the maximum. */
    public Optional<BalancerPlan> rebalanced(PrefixLoads measured) {
        return balancer(config)
                .rebalanceIfImbalanced(assignment, BalancerConfigs.balancerMachines(config), measured)
                .map(a -> new BalancerPlan(config, a));
    }

    /** The same assignment under new knobs (maximum imbalance, chunk threshold, load source, interval). */
    public BalancerPlan reconfigured(BalancerConfig next) {
        return new BalancerPlan(next, assignment);
    }

    public BalancerPlan withMachine(BalancerConfig.MachinePort machine, PrefixLoads measured) {
        List<BalancerConfig.MachinePort> list = new ArrayList<>(config.machines());
        list.add(machine);
        BalancerConfig next = BalancerConfigs.check(config.withMachines(list, config.defaultMachine()));
        return new BalancerPlan(
                next, balancer(next).rebalance(assignment, BalancerConfigs.balancerMachines(next), measured));
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
        List<Machine> remaining = BalancerConfigs.balancerMachines(config).stream()
                .filter(m -> !m.name().equals(name))
                .toList();
        // Removing the default machine makes the balancer elect another one.
        Assignment next = balancer(config).rebalance(assignment, remaining, measured);
        List<BalancerConfig.MachinePort> list =
                config.machines().stream().filter(m -> !m.name().equals(name)).toList();
        return new BalancerPlan(BalancerConfigs.check(config.withMachines(list, next.defaultMachine())), next);
    }
}
