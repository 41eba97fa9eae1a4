package org.flowstream.openflow.balancing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.flowstream.contracts.records.openflow.BalancerConfig;
import org.flowstream.contracts.records.openflow.BalancerStatus;
import org.flowstream.contracts.records.openflow.LoadReportReceipt;
import org.flowstream.openflow.rules.LiveRuleSets;
import org.flowstream.openflow.rules.RuleManager;
import org.flowstream.openflow.stats.StatsCollector;
import org.flowstream.openflow.switches.SwitchPortCheck;
import org.flowstream.openflow.switches.SwitchRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the prefix load balancers of §2.2 on the daemon's switches. Each balancer owns one rule set (cookie
 * kind 2, its id) installed through the rule manager, which sends only the difference. Every period it
 * measures the load (module hosts' reports or the switch's rule counters, see {@link LoadMeasurement}) and,
 * when the imbalance has drifted above the maximum, re-balances incrementally; machines can be added and
 * removed. A change is adopted only once the switch has taken its rules, and the balancers are saved before a
 * change is acknowledged; a restarted daemon resumes them from {@link BalancerStore}.
 */
public final class BalancerService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BalancerService.class);

    /**
     * The answer of a change: the balancer's status, with what the rule manager did in its {@code change} (as
     * lb_configure, lb_add_machine and lb_remove_machine answer), and that change itself.
     */
    public record Outcome(BalancerStatus status, RuleManager.ChangeResult change) {}

    private final RuleManager rules;
    private final SwitchRegistry switches;
    private final LiveRuleSets<LiveBalancer> balancers;

    public BalancerService(RuleManager rules, SwitchRegistry switches, StatsCollector stats, BalancerStore store) {
        this.rules = rules;
        this.switches = switches;
        this.balancers = new LiveRuleSets<>(
                "load balancer",
                "openflow-lb",
                this,
                rules,
                switches,
                stats,
                this::round,
                all -> store.save(all.stream().map(b -> b.plan).toList()));
        synchronized (this) {
            balancers.restore(store.load().stream().map(LiveBalancer::new).toList(), b -> b.plan.rules());
        }
        if (balancers.size() > 0) {
            LOG.info("resumed {} load balancers from {}", balancers.size(), store.file());
        }
    }

    /** Creates a balancer, or changes one (same switch; the assignment is kept unless the machines or ports changed). */
    public synchronized Outcome configure(BalancerConfig request) throws Exception {
        BalancerConfig config = BalancerConfigs.check(BalancerConfigs.withDefaults(request));
        SwitchPortCheck.requireKnown(switches, rules.switchNames(), config.switchName(), config.namedPorts());
        LiveBalancer existing = balancers.find(config.id()).orElse(null);
        BalancerPlan plan;
        if (existing == null) {
            plan = BalancerPlan.fresh(BalancerConfigs.checkDefaultIsLargest(config));
        } else {
            BalancerConfig old = existing.plan.config();
            if (!old.switchName().equals(config.switchName())) {
                throw new IllegalArgumentException(
                        "balancer %d runs on switch %s; lb_remove it there before configuring it on %s"
                                .formatted(config.id(), old.switchName(), config.switchName()));
            }
            boolean sameLayout = old.machines().equals(config.machines())
                    && BalancerConfigs.topology(old).equals(BalancerConfigs.topology(config))
                    && old.defaultMachine().equals(config.defaultMachine());
            plan = sameLayout
                    ? existing.plan.reconfigured(config)
                    : BalancerPlan.fresh(BalancerConfigs.checkDefaultIsLargest(config));
        }
        LiveBalancer live = existing != null ? existing : new LiveBalancer(plan);
        if (existing == null) {
            live.measurement.baseline(List.of()); // its rules are new: their counters start at zero
        }
        RuleManager.ChangeResult change = install(live, plan);
        balancers.put(live); // (re)starts its rounds, at the interval configured now
        balancers.save();
        return new Outcome(live.status(change.toRuleChange()), change);
    }

    /** Adds one module host's sampled per-prefix counts to the current period. */
    public synchronized LoadReportReceipt reportLoad(long id, Map<Ipv4Prefix, Double> loads, int oneIn) {
        LiveBalancer live = balancers.get(id);
        live.measurement.reports().add(loads, oneIn);
        return new LoadReportReceipt(
                id, loads.size(), live.measurement.reports().count());
    }

    public synchronized Outcome addMachine(long id, BalancerConfig.MachinePort request) throws Exception {
        LiveBalancer live = balancers.get(id);
        BalancerConfig.MachinePort machine = BalancerConfigs.check(BalancerConfigs.withDefaults(request));
        if (live.plan.config().machine(machine.name()) != null) {
            throw new IllegalArgumentException("balancer %d already has a machine %s".formatted(id, machine.name()));
        }
        SwitchPortCheck.requireKnown(
                switches,
                rules.switchNames(),
                live.plan.config().switchName(),
                Map.of("machine " + machine.name(), machine.port()));
        return change(live, live.plan.withMachine(machine, live.lastMeasured));
    }

    public synchronized Outcome removeMachine(long id, String name) throws Exception {
        LiveBalancer live = balancers.get(id);
        return change(live, live.plan.withoutMachine(name, live.lastMeasured));
    }

    /** Closes the current period now and re-balances if the measured imbalance exceeds the maximum. */
    public synchronized BalancerStatus rebalance(long id) throws Exception {
        LiveBalancer live = balancers.get(id);
        round(live);
        return live.status();
    }

    public synchronized BalancerStatus status(long id) {
        return balancers.get(id).status();
    }

    public synchronized List<BalancerStatus> statusAll() {
        return balancers.all().stream().map(LiveBalancer::status).toList();
    }

    /** Removes the balancer and every rule it owns. */
    public synchronized RuleManager.ChangeResult remove(long id) throws Exception {
        return balancers.remove(id);
    }

    public synchronized Optional<BalancerPlan> plan(long id) {
        return balancers.find(id).map(b -> b.plan);
    }

    private Outcome change(LiveBalancer live, BalancerPlan next) throws Exception {
        RuleManager.ChangeResult change = install(live, next);
        balancers.save();
        return new Outcome(live.status(change.toRuleChange()), change);
    }

    /** Installs the plan's rules; only once the switch took them (or they are saved for it) is the plan adopted. */
    private RuleManager.ChangeResult install(LiveBalancer live, BalancerPlan next) throws Exception {
        BalancerConfig c = next.config();
        RuleManager.ChangeResult change = rules.setOwnerRules(c.switchName(), BalancerConfigs.cookie(c), next.rules());
        live.plan = next;
        return change;
    }

    /** One period: measure, and re-balance when the imbalance drifted above the maximum. */
    private void round(LiveBalancer live) throws Exception {
        BalancerConfig c = live.plan.config();
        LoadMeasurement.Period period = live.measurement.close(live.plan, balancers.counters(live, true));
        if (period.loads().total() <= 0) {
            live.lastRound = new LiveBalancer.Round(
                    Instant.now(), "none", 0, 0, false, 0, "no load measured in this period; nothing to do");
            return;
        }
        live.lastMeasured = period.loads();
        double imbalance = live.plan.assignment().imbalance(period.loads(), BalancerConfigs.balancerMachines(c));
        Optional<BalancerPlan> next = live.plan.rebalanced(period.loads());
        if (next.isEmpty()) {
            live.lastRound = new LiveBalancer.Round(
                    Instant.now(),
                    period.source(),
                    period.loads().total(),
                    imbalance,
                    false,
                    0,
                    imbalance <= c.maxImbalance()
                            ? "imbalance %.3f is within the maximum %.3f".formatted(imbalance, c.maxImbalance())
                            : "imbalance %.3f is above the maximum but no prefix could move".formatted(imbalance));
            return;
        }
        int changed = next.get().assignment().changedPrefixes(live.plan.assignment());
        RuleManager.ChangeResult change = install(live, next.get());
        balancers.save();
        double after = next.get().assignment().imbalance(period.loads(), BalancerConfigs.balancerMachines(c));
        live.lastRound = new LiveBalancer.Round(
                Instant.now(),
                period.source(),
                period.loads().total(),
                imbalance,
                true,
                changed,
                "imbalance %.3f was above the maximum %.3f; %d prefixes changed, now %.3f; %s"
                        .formatted(imbalance, c.maxImbalance(), changed, after, change.message()));
        LOG.info("balancer {} on {}: {}", c.id(), c.switchName(), live.lastRound.message());
    }

    @Override
    public void close() {
        balancers.close();
    }
}
