package org.flowstream.openflow.balancing;

import java.util.ArrayList;
import java.util.List;
import org.flowstream.balancer.BalancerRule;
import org.flowstream.balancer.LoadUnit;
import org.flowstream.balancer.PrefixLoads;
import org.flowstream.balancer.RuleCounter;
import org.flowstream.balancer.RuleCounterLoads;
import org.flowstream.openflow.stats.CounterDeltas;
import org.flowstream.openflow.stats.StatsCollector;

/**
 * One balancer's measured load per period, from its two sources (§2.2.5): the module hosts' sampled
 * reports (fine: per /24 or whatever they count) and the switch's counters of the balancer's own rules
 * (coarse: one number per installed prefix). The configured {@code load_source} picks one; "auto" prefers
 * the reports when any arrived in the period, since counters cannot tell where inside a prefix the traffic is.
 * Both measure the same packets, so they are never added up.
 */
public final class LoadMeasurement {

    /** What a period measured and where it came from ("reports", "counters" or "none"). */
    public record Period(PrefixLoads loads, String source, int reports) {}

    private final LoadReports reports = new LoadReports();
    private final CounterDeltas counters = new CounterDeltas();
    /** Whether the counters have a starting point; until then they say nothing about a period. */
    private boolean primed;

    public LoadReports reports() {
        return reports;
    }

    /** Starts counting from the switch's present counters (right after the rules were (re)installed or restored). */
    public synchronized void baseline(List<StatsCollector.FlowCounters> ownRules) {
        counters.baseline(ownRules);
        primed = true;
    }

    /**
     * Closes the period.
     *
     * @param plan     the plan whose rules were installed during the period
     * @param ownRules the switch's latest counters of the balancer's rules
     */
    public synchronized Period close(BalancerPlan plan, List<StatsCollector.FlowCounters> ownRules) {
        int reportCount = reports.count();
        PrefixLoads reported = reports.takeAll();
        List<CounterDeltas.Delta> deltas = counters.next(ownRules);
        // Without a starting point (first period after a restart) the counters hold the rules' whole history.
        PrefixLoads counted = primed
                ? RuleCounterLoads.estimate(plan.assignment(), ruleCounters(plan, deltas), LoadUnit.PACKETS)
                : PrefixLoads.uniform(0);
        primed = true;
        String source = plan.config().loadSource();
        boolean useReports = source.equals("reports") || (source.equals("auto") && reportCount > 0);
        PrefixLoads chosen = useReports ? reported : counted;
        return new Period(chosen, chosen.total() > 0 ? (useReports ? "reports" : "counters") : "none", reportCount);
    }

    /** The period's counts of the plan's prefix and catch-all rules, as the estimator wants them. */
    private static List<RuleCounter> ruleCounters(BalancerPlan plan, List<CounterDeltas.Delta> deltas) {
        List<RuleCounter> out = new ArrayList<>();
        for (CounterDeltas.Delta d : deltas) {
            BalancerRule origin = plan.flowRules().origin(d.rule().key());
            if (origin == null || origin.kind() == BalancerRule.Kind.RETURN) {
                continue; // a rule of an earlier plan, or processed traffic coming back (already counted on the way in)
            }
            out.add(new RuleCounter(
                    origin.match().prefix(),
                    origin.match().direction(),
                    origin.kind() == BalancerRule.Kind.CATCH_ALL,
                    d.packets(),
                    d.bytes()));
        }
        return out;
    }
}
