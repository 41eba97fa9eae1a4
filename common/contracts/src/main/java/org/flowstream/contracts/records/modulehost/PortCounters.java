package org.flowstream.contracts.records.modulehost;

import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/**
 * One port's packet and byte counters: a PM interface's as the PM runtime keeps them ({@code txErrors} only where
 * the runtime counts them), and in monitoring also a switch port's.
 */
@WireName("a port's counters")
public record PortCounters(
        long rxPackets,
        long rxBytes,
        long txPackets,
        long txBytes,
        @MayBeOmitted Long txErrors) {

    public static final PortCounters ZERO = new PortCounters(0, 0, 0, 0, null);

    /** Both ports' counters added up; {@code txErrors} stays unknown only where both leave it unknown. */
    public PortCounters plus(PortCounters other) {
        Long errors = txErrors == null && other.txErrors == null
                ? null
                : (txErrors == null ? 0 : txErrors) + (other.txErrors == null ? 0 : other.txErrors);
        return new PortCounters(
                rxPackets + other.rxPackets,
                rxBytes + other.rxBytes,
                txPackets + other.txPackets,
                txBytes + other.txBytes,
                errors);
    }
}
