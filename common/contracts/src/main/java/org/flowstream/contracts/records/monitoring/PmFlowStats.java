package org.flowstream.contracts.records.monitoring;

import java.util.Map;
import org.flowstream.contracts.records.WireName;

/**
 * One PM of an allocation in get_flow_stats: where it runs, its state, and its ports' counters (and their sum).
 *
 * @param hostUp    whether its module host answers our polls
 * @param updatedAt when its host was last polled (ISO-8601), "" if never
 * @param state     as its host last reported it, "unknown" before that
 */
@WireName("a PM's flow statistics")
public record PmFlowStats(
        String pm,
        String host,
        String instance,
        boolean hostUp,
        String updatedAt,
        String state,
        Map<String, PmPortCounters> ports,
        long rxPackets,
        long rxBytes,
        long txPackets,
        long txBytes) {}
