package org.flowstream.contracts.records.openflow;

import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/**
 * A PM on an installed path.
 *
 * @param vlanIn  the tag it receives on (left out when the wiring uses no VLAN tags)
 * @param vlanOut the tag it sends back on
 */
@WireName("a wired hop")
public record WiredHop(
        String name,
        long inPort,
        long outPort,
        @MayBeOmitted Integer vlanIn,
        @MayBeOmitted Integer vlanOut) {}
