package org.flowstream.contracts.records.openflow;

import org.flowstream.contracts.records.WireName;

/** One switch port's counters; {@code port} is its OpenFlow number, or "LOCAL" for the bridge's own port. */
@WireName("a switch port's counters")
public record SwitchPortCounters(
        String port,
        long rxPackets,
        long txPackets,
        long rxBytes,
        long txBytes,
        long rxDropped,
        long txDropped,
        long rxErrors,
        long txErrors) {}
