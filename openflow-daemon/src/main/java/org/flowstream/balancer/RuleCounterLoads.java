package org.flowstream.balancer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.net.Ipv4Prefix;

/**
 * Turns per-rule counters into a load estimate. Counters only tell the load of whole rule
 * prefixes, not how it is spread inside them (§2.2.5), so each rule's traffic is spread evenly over
 * its prefix; the catch-alls' traffic is spread over the default machine's unassigned leaves.
 */
public final class RuleCounterLoads {
    private RuleCounterLoads() {}

    /** Load estimate from counters (deltas over one measurement period) of rules of {@code installed}. */
    public static PrefixLoads estimate(Assignment installed, List<RuleCounter> counters, LoadUnit unit) {
        Map<Ipv4Prefix, Double> m = new HashMap<>();
        double rest = 0;
        for (RuleCounter c : counters) {
            if (c.catchAll()) {
                rest += c.value(unit);
            } else {
                m.merge(c.prefix(), (double) c.value(unit), Double::sum);
            }
        }
        if (rest > 0) {
            List<Ipv4Prefix> leaves = installed.unassignedLeaves();
            double space = 0;
            for (Ipv4Prefix p : leaves) space += p.size();
            for (Ipv4Prefix p : leaves) m.merge(p, rest * p.size() / space, Double::sum);
        }
        return PrefixLoads.of(m);
    }
}
