package org.flowstream.openflow.stats;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.openflow.rules.Rule;

/**
 * Turns the cumulative per-rule counters a switch reports into what each rule counted since the previous
 * call: a controller that re-balances or re-selects every period wants the traffic of that period only.
 * A counter that went down means the rule was re-installed (a switch resets the counters of a replaced
 * entry), so its new value is all there is since. Not thread-safe: one owner per set of rules.
 */
public final class CounterDeltas {

    /** What one rule counted during the period. */
    public record Delta(Rule rule, long packets, long bytes) {}

    private Map<Rule, long[]> previous = new HashMap<>();

    /** The counters of {@code current} (one snapshot's rules of one owner) minus those seen last time. */
    public List<Delta> next(List<StatsCollector.FlowCounters> current) {
        Map<Rule, long[]> seen = new HashMap<>();
        List<Delta> deltas = new java.util.ArrayList<>(current.size());
        for (StatsCollector.FlowCounters c : current) {
            long[] before = previous.get(c.rule());
            long packets = before == null || c.packets() < before[0] ? c.packets() : c.packets() - before[0];
            long bytes = before == null || c.bytes() < before[1] ? c.bytes() : c.bytes() - before[1];
            seen.put(c.rule(), new long[] {c.packets(), c.bytes()});
            deltas.add(new Delta(c.rule(), packets, bytes));
        }
        previous = seen;
        return deltas;
    }

    /** Takes the current counters as the starting point without reporting them (e.g. right after configuring). */
    public void baseline(List<StatsCollector.FlowCounters> current) {
        next(current);
    }
}
