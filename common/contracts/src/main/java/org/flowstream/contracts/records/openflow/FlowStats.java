package org.flowstream.contracts.records.openflow;

import java.util.List;
import org.flowstream.contracts.records.WireName;

/**
 * get_flow_stats(alloc_id)'s answer: the counters of every rule one owner (an allocation) has on the switches.
 *
 * @param allocId   the allocation asked about
 * @param owner     the rules' owner in words ("allocation 7")
 * @param cookie    the owner's cookie, in hex
 * @param packets   packets that entered the allocation (its entry rules only, so a packet crossing several hops
 *                  counts once)
 * @param bytes     the same in bytes
 * @param rules     every rule's own counters
 * @param updatedAt when the oldest switch answer was read (ISO-8601), "" before the first poll
 */
@WireName("get_flow_stats' answer")
public record FlowStats(
        int allocId,
        String owner,
        String cookie,
        long packets,
        long bytes,
        List<RuleCounters> rules,
        String updatedAt) {}
