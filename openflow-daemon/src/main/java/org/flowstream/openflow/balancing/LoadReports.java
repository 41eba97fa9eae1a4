package org.flowstream.openflow.balancing;

import java.util.Map;
import org.flowstream.balancer.PrefixLoads;

/**
 * The per-prefix load that module hosts reported during the current period (§2.2.5: each samples 1 in N
 * of the packets it forwards into per-prefix counters). Reports of several hosts, possibly at different
 * prefix lengths, add up on the finer partition. Thread-safe.
 */
public final class LoadReports {

    private PrefixLoads sum = PrefixLoads.uniform(0);
    private int reports;

    /**
     * Adds one report.
     *
     * @param loads sampled counts per prefix (disjoint within one report)
     * @param oneIn the report's sampling rate: each count stands for this many packets (1: already scaled)
     */
    public synchronized void add(Map<org.flowstream.contracts.net.Ipv4Prefix, Double> loads, int oneIn) {
        if (oneIn < 1) throw new IllegalArgumentException("one_in must be >= 1, got " + oneIn);
        PrefixLoads report = PrefixLoads.of(loads).scaled(oneIn);
        sum = sum.plus(report);
        reports++;
    }

    /** Number of reports since the last {@link #takeAll()}. */
    public synchronized int count() {
        return reports;
    }

    /** The period's total and a fresh start. */
    public synchronized PrefixLoads takeAll() {
        PrefixLoads all = sum;
        sum = PrefixLoads.uniform(0);
        reports = 0;
        return all;
    }
}
