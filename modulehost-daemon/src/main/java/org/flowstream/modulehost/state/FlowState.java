package org.flowstream.modulehost.state;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.flowstream.contracts.net.Ipv4Address;

/**
 * One flow's state as it leaves an element and enters another: its key in readable form, how long it has been
 * idle (so the new instance expires it when the old one would have), and the element's own phase of it (a TCP
 * tracker's "established"; empty for a NAT mapping). Addresses are dotted quads; the parts a state does not have
 * are "" and 0.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FlowState(
        String protocol,
        String inside,
        int insidePort,
        String outside,
        int outsidePort,
        String external,
        int externalPort,
        int idleMs,
        String phase) {

    public static FlowState of(FlowKey key, long idleNanos, String phase) {
        return new FlowState(
                key.protocol() == 6 ? "tcp" : "udp",
                address(key.inside()),
                key.insidePort(),
                address(key.outside()),
                key.outsidePort(),
                address(key.external()),
                key.externalPort(),
                (int) Math.min(Integer.MAX_VALUE, Math.max(0, idleNanos / 1_000_000)),
                phase == null ? "" : phase);
    }

    /** The key back as ints; a malformed state is an IllegalArgumentException naming the bad part. */
    public FlowKey key() {
        int proto = switch (String.valueOf(protocol)) {
            case "tcp" -> 6;
            case "udp" -> 17;
            default ->
                throw new IllegalArgumentException("a flow state's protocol is tcp or udp, got '" + protocol + "'");
        };
        return new FlowKey(
                proto, parse(inside), insidePort, parse(outside), outsidePort, parse(external), externalPort);
    }

    public long idleNanos() {
        return idleMs * 1_000_000L;
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
