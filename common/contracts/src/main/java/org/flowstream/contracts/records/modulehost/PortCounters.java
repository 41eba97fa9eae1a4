package org.flowstream.contracts.records.modulehost;

import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/** One PM interface's counters as the PM runtime keeps them; {@code txErrors} only where the runtime counts them. */
@WireName("a port's counters")
public record PortCounters(
        long rxPackets,
        long rxBytes,
        long txPackets,
        long txBytes,
        @MayBeOmitted Long txErrors) {}
