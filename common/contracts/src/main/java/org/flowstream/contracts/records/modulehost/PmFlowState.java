package org.flowstream.contracts.records.modulehost;

import org.flowstream.contracts.records.WireName;

/**
 * One flow's state as pm_flows carries it from an element of one PM to the same element of another (export and
 * take answer a list of them; import, reserve and release take one): its key in readable form, how long it has
 * been idle (so the new instance expires it when the old one would have), and the element's own phase of it. The
 * PM's own form is the module host's {@code state.FlowState}, which writes and reads these keys.
 *
 * @param protocol     tcp or udp
 * @param inside       the inside address, a dotted quad ("" when the state has none)
 * @param insidePort   the inside port (0 when none)
 * @param outside      the outside address
 * @param outsidePort  the outside port
 * @param external     the address a NAT maps the flow to ("" when none)
 * @param externalPort the port a NAT maps the flow to (0 when none)
 * @param idleMs       how long the flow has been idle
 * @param phase        the element's phase of the flow (a TCP tracker's "established"; "" for a NAT mapping)
 */
@WireName("a pm_flows flow state")
public record PmFlowState(
        String protocol,
        String inside,
        int insidePort,
        String outside,
        int outsidePort,
        String external,
        int externalPort,
        int idleMs,
        String phase) {}
