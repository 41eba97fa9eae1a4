package org.flowstream.contracts.records.monitoring;

import java.util.List;
import org.flowstream.contracts.records.WireName;

/**
 * get_flow_stats(alloc_id)'s value, for the allocation's tenant (through the resource daemon) or an operator.
 *
 * @param packets              packets that entered the allocation (its entry rules, counted once)
 * @param bytes                the same in bytes
 * @param connections          its rules on the switches, each with its own counters
 * @param connectionsSource    where the rule counters come from: "openflow daemon, now", the last poll, or why
 *                             they are unavailable
 * @param connectionsUpdatedAt when the switch counted them (ISO-8601), "" if unknown
 * @param pms                  its PMs with their port counters from the module hosts' last poll
 */
@WireName("get_flow_stats' statistics")
public record AllocationFlowStats(
        int allocId,
        String tenant,
        String state,
        long packets,
        long bytes,
        List<ConnectionCounters> connections,
        String connectionsSource,
        String connectionsUpdatedAt,
        List<PmFlowStats> pms) {}
