package org.flowstream.contracts.records.monitoring;

import org.flowstream.contracts.records.WireName;

/** One PM in a host's summary: its use, its ports' counters added up, and their rates over the last polls. */
@WireName("a PM's summary")
public record PmSummary(
        String name,
        String state,
        double cpuSeconds,
        long memoryBytes,
        long rxPackets,
        long rxBytes,
        long txPackets,
        long txBytes,
        double rxPacketsPerSecond,
        double txPacketsPerSecond,
        double rxBytesPerSecond,
        double txBytesPerSecond,
        double cpuPerSecond) {}
