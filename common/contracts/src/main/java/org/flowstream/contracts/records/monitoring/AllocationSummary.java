package org.flowstream.contracts.records.monitoring;

import org.flowstream.contracts.records.WireName;

/** One allocation in the summary: the traffic entering it, its rate, and how many rules it has. */
@WireName("an allocation's summary")
public record AllocationSummary(
        int allocId, long packets, long bytes, double packetsPerSecond, double bytesPerSecond, int rules) {}
