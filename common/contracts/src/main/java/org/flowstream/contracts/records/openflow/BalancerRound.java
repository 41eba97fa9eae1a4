package org.flowstream.contracts.records.openflow;

import org.flowstream.contracts.records.WireName;

/**
 * What one re-balancing round found and did.
 *
 * @param at              when it ran (ISO-8601)
 * @param source          where the load came from: "reports", "counters" or "none"
 * @param measuredLoad    the period's total load
 * @param imbalance       the imbalance before the round
 * @param rebalanced      whether prefixes moved
 * @param changedPrefixes how many moved
 * @param message         what happened, in words
 */
@WireName("a balancer round")
public record BalancerRound(
        String at,
        String source,
        double measuredLoad,
        double imbalance,
        boolean rebalanced,
        int changedPrefixes,
        String message) {}
