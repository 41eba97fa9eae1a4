package org.flowstream.openflow.balancing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.balancer.Machine;
import org.flowstream.balancer.PrefixLoads;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.flowstream.contracts.records.openflow.BalancerConfig;
import org.flowstream.contracts.records.openflow.BalancerMachine;
import org.flowstream.contracts.records.openflow.BalancerRound;
import org.flowstream.contracts.records.openflow.BalancerStatus;
import org.flowstream.contracts.records.openflow.RuleChange;
import org.flowstream.openflow.rules.Cookies;
import org.flowstream.openflow.rules.LiveRuleSets;

/**
 * A balancer the daemon runs: the plan whose rules are installed, its load measurement, the load of the
 * last measured period (what adding or removing a machine balances on) and what the last round did.
 * Guarded by the {@link BalancerService}.
 */
final class LiveBalancer implements LiveRuleSets.Member {

    /** What one re-balancing round found and did. */
    record Round(
            Instant at,
            String source,
            double measuredLoad,
            double imbalance,
            boolean rebalanced,
            int changedPrefixes,
            String message) {
        BalancerRound toWire() {
            return new BalancerRound(
                    at.toString(), source, measuredLoad, imbalance, rebalanced, changedPrefixes, message);
        }
    }

    BalancerPlan plan;
    final LoadMeasurement measurement = new LoadMeasurement();
    /** The last period's measured load; uniform until something was measured (§2.2.5). */
    PrefixLoads lastMeasured = PrefixLoads.uniform(1.0);

    Round lastRound;

    LiveBalancer(BalancerPlan plan) {
        this.plan = plan;
    }

    @Override
    public long id() {
        return plan.config().id();
    }

    @Override
    public String switchName() {
        return plan.config().switchName();
    }

    @Override
    public long cookie() {
        return BalancerConfigs.cookie(plan.config());
    }

    @Override
    public long intervalMillis() {
        return plan.config().intervalMillis();
    }

    /** What lb_status answers: the configuration, each machine's prefixes and share, the last round. */
    BalancerStatus status() {
        return status(null);
    }

    /** The status with what installing a change did (null: no change), as the changing calls answer. */
    BalancerStatus status(RuleChange change) {
        BalancerConfig c = plan.config();
        List<Machine> machines = BalancerConfigs.balancerMachines(c);
        Map<String, Double> loads = plan.assignment().machineLoads(lastMeasured, machines);
        double total = lastMeasured.total();
        Map<String, List<String>> prefixesOf = new LinkedHashMap<>();
        Map<String, String> assignment = new LinkedHashMap<>();
        plan.assignment().prefixes().forEach((p, m) -> {
            prefixesOf.computeIfAbsent(m, k -> new ArrayList<>()).add(p.toString());
            assignment.put(p.toString(), m);
        });
        List<BalancerMachine> ms = new ArrayList<>();
        for (BalancerConfig.MachinePort m : c.machines()) {
            double load = loads.getOrDefault(m.name(), 0.0);
            ms.add(new BalancerMachine(
                    m.name(),
                    m.port(),
                    m.capacity(),
                    prefixesOf.getOrDefault(m.name(), List.of()),
                    load,
                    total > 0 ? load / total : 0.0));
        }
        return new BalancerStatus(
                c.id(),
                c.switchName(),
                Cookies.hex(BalancerConfigs.cookie(c)),
                plan.assignment().defaultMachine(),
                ms,
                assignment,
                plan.assignment().prefixCount(),
                plan.assignment().imbalance(lastMeasured, machines),
                c.maxImbalance(),
                c.chunkThreshold(),
                c.sourceSidePort(),
                c.destinationSidePort(),
                c.vlanSrc(),
                c.vlanDst(),
                c.loadSource(),
                c.intervalMillis(),
                plan.rules().size(),
                measurement.reports().count(),
                lastRound == null ? null : lastRound.toWire(),
                change);
    }

    static Ipv4Prefix parsePrefix(String text) {
        try {
            return Ipv4Prefix.parse(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "bad prefix '%s': %s (write a.b.c.d/len)".formatted(text, e.getMessage()));
        }
    }
}
