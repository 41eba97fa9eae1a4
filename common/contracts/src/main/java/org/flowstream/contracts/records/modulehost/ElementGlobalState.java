package org.flowstream.contracts.records.modulehost;

import java.util.Map;
import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/**
 * pm_flows global's answer: the state of a stateful element that belongs to no single flow, and its gate. The
 * parts one kind of element has and another has not may be left out: a NAT ({@code IPRewriter}) answers its pool,
 * ports and reserved ports; a TCP tracker its connections.
 *
 * @param stateChangesOnlyByExpiry whether a flow's state changes only by expiring (§2.3.3's relaxed timers apply)
 * @param idleSeconds              how long a flow may be idle before it expires
 * @param gate                     the element's flow gate
 * @param pool                     a NAT: per external address, its ports used and free and the inside addresses
 *                                 paired with it
 * @param ports                    a NAT: its port range, {@code lo-hi}
 * @param reservedPorts            a NAT: ports kept from new flows for a move ({@code reserve})
 * @param connections              a TCP tracker: the connections it tracks
 */
@WireName("pm_flows global's answer")
public record ElementGlobalState(
        boolean stateChangesOnlyByExpiry,
        long idleSeconds,
        GateCounters gate,
        @MayBeOmitted Map<String, PoolAddress> pool,
        @MayBeOmitted String ports,
        @MayBeOmitted Integer reservedPorts,
        @MayBeOmitted Integer connections) {

    /** One external address of a NAT's pool. */
    @WireName("a NAT pool address")
    public record PoolAddress(long portsUsed, long portsFree, long pairedAddresses) {}
}
