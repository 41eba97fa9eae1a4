package org.flowstream.modulehost.state;

import org.flowstream.contracts.net.Ipv4Address;
import org.flowstream.contracts.records.modulehost.PmFlowState;

/**
 * What identifies one flow's state inside an element, as a filter sees it: the inside endpoint (the tenant's
 * side), the outside endpoint (the remote peer; 0 where the state does not depend on it, as for a NAT's
 * endpoint-independent mapping) and the external address it is translated to (0 when the element translates
 * nothing). Addresses are IPv4 as ints. A flow's state leaves and enters an element as the contract record
 * {@link PmFlowState} (addresses as dotted quads, "" and 0 for the parts a state does not have): {@link #toState}
 * and {@link #of} turn one into the other.
 */
public record FlowKey(
        int protocol, int inside, int insidePort, int outside, int outsidePort, int external, int externalPort) {

    /** This flow's state as it leaves an element: idle for {@code idleNanos}, in the element's {@code phase}. */
    public PmFlowState toState(long idleNanos, String phase) {
        return new PmFlowState(
                protocol == 6 ? "tcp" : "udp",
                address(inside),
                insidePort,
                address(outside),
                outsidePort,
                address(external),
                externalPort,
                (int) Math.min(Integer.MAX_VALUE, Math.max(0, idleNanos / 1_000_000)),
                phase == null ? "" : phase);
    }

    /** The key of a state entering an element; a malformed state is an IllegalArgumentException naming the part. */
    public static FlowKey of(PmFlowState state) {
        int proto = switch (String.valueOf(state.protocol())) {
            case "tcp" -> 6;
            case "udp" -> 17;
            default ->
                throw new IllegalArgumentException(
                        "a flow state's protocol is tcp or udp, got '" + state.protocol() + "'");
        };
        return new FlowKey(
                proto,
                parse(state.inside()),
                state.insidePort(),
                parse(state.outside()),
                state.outsidePort(),
                parse(state.external()),
                state.externalPort());
    }

    /** How long the state's flow has been idle, in nanoseconds (the element's clock). */
    public static long idleNanos(PmFlowState state) {
        return state.idleMs() * 1_000_000L;
    }

    private static String address(int address) {
        return address == 0 ? "" : Ipv4Address.format(address);
    }

    private static int parse(String address) {
        return address == null || address.isEmpty()
                ? 0
                : Ipv4Address.parse(address).bits();
    }
}
