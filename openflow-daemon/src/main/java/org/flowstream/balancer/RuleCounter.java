package org.flowstream.balancer;

import org.flowstream.contracts.net.Ipv4Prefix;

/**
 * Packet and byte counts of one installed load-balancing rule, as the switch reports them
 * (the second, coarser source of load data of §2.2.5).
 *
 * @param prefix    the rule's prefix (0.0.0.0/0 for the default machine's catch-all)
 * @param direction which address the rule matches
 * @param catchAll  whether this is a low-priority catch-all rule
 */
public record RuleCounter(Ipv4Prefix prefix, Direction direction, boolean catchAll, long packets, long bytes) {
    public RuleCounter {
        if (packets < 0 || bytes < 0) throw new IllegalArgumentException("counters must be >= 0");
    }

    public long value(LoadUnit unit) {
        return unit == LoadUnit.PACKETS ? packets : bytes;
    }
}
