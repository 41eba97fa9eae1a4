package org.flowstream.contracts.records.monitoring;

import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/** One PM port's counters in get_flow_stats, with the switch port it is plugged into where known. */
@WireName("a PM port's counters")
public record PmPortCounters(
        long rxPackets,
        long rxBytes,
        long txPackets,
        long txBytes,
        @MayBeOmitted Integer switchPort) {}
