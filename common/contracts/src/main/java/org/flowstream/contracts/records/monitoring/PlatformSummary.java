package org.flowstream.contracts.records.monitoring;

import java.util.List;
import org.flowstream.contracts.records.WireName;

/**
 * report_stats(summary) and get_summary's answer: every module host with its load and PMs, which hosts are down,
 * how the openflow daemon answers, and per allocation and switch their counters and rates.
 *
 * @param from      who reports ("monitoring")
 * @param at        when the summary was made (ISO-8601)
 * @param downHosts hosts that missed our polls or their heartbeats
 */
@WireName("report_stats' summary")
public record PlatformSummary(
        String from,
        String at,
        List<HostSummary> hosts,
        List<String> downHosts,
        SourceStatus openflow,
        List<AllocationSummary> allocations,
        List<SwitchTotals> switches) {}
