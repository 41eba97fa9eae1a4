package org.flowstream.openflow.balancing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.balancer.Machine;
import org.flowstream.balancer.PrefixLoads;
import org.flowstream.contracts.net.Ipv4Prefix;
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
        Map<String, Object> toStruct() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("at", at.toString());
            s.put("source", source);
            s.put("measured_load", measuredLoad);
            s.put("imbalance", imbalance);
            s.put("rebalanced", rebalanced);
            s.put("changed_prefixes", changedPrefixes);
            s.put("message", message);
            return s;
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
        return plan.config().cookie();
    }

    @Override
    public long intervalMillis() {
        return plan.config().intervalMillis();
    }

    @Override
    public Map<String, Object> toStruct() {
        BalancerConfig c = plan.config();
        List<Machine> machines = c.balancerMachines();
        Map<String, Double> loads = plan.assignment().machineLoads(lastMeasured, machines);
        double total = lastMeasured.total();
        Map<String, List<String>> prefixesOf = new LinkedHashMap<>();
        plan.assignment()
                .prefixes()
                .forEach((p, m) ->
                        prefixesOf.computeIfAbsent(m, k -> new ArrayList<>()).add(p.toString()));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("balancer_id", c.id().intValue());
        s.put("switch", c.switchName());
        s.put("cookie", Cookies.hex(c.cookie()));
        s.put("default_machine", plan.assignment().defaultMachine());
        List<Object> ms = new ArrayList<>();
        for (BalancerConfig.MachinePort m : c.machines()) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("name", m.name());
            n.put("port", m.port());
            n.put("capacity", m.capacity());
            n.put("prefixes", prefixesOf.getOrDefault(m.name(), List.of()));
            n.put("load", loads.getOrDefault(m.name(), 0.0));
            n.put("share", total > 0 ? loads.getOrDefault(m.name(), 0.0) / total : 0.0);
            ms.add(n);
        }
        s.put("machines", ms);
        Map<String, Object> assignment = new LinkedHashMap<>();
        plan.assignment().prefixes().forEach((p, m) -> assignment.put(p.toString(), m));
        s.put("assignment", assignment);
        s.put("prefixes", plan.assignment().prefixCount());
        s.put("imbalance", plan.assignment().imbalance(lastMeasured, machines));
        s.put("max_imbalance", c.maxImbalance());
        s.put("chunk_threshold", c.chunkThreshold());
        s.put("source_side_port", c.sourceSidePort());
        s.put("destination_side_port", c.destinationSidePort());
        s.put("vlan_src", c.vlanSrc());
        s.put("vlan_dst", c.vlanDst());
        s.put("load_source", c.loadSource());
        s.put("interval_millis", c.intervalMillis());
        s.put("rules", plan.rules().size());
        s.put("reports_pending", measurement.reports().count());
        if (lastRound != null) {
            s.put("last_round", lastRound.toStruct());
        }
        return s;
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
