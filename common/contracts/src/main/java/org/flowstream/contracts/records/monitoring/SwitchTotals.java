package org.flowstream.contracts.records.monitoring;

import org.flowstream.contracts.records.WireName;

/** One switch in the summary: how many ports it has and their counters added up. */
@WireName("a switch's totals")
public record SwitchTotals(String name, int ports, long rxPackets, long rxBytes, long txPackets, long txBytes) {}
