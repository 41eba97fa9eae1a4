package org.flowstream.contracts.match;

import java.util.Arrays;
import java.util.Optional;

/**
 * The protocol shorthands of ovs-ofctl: each stands for an ethertype and, for the IPv4 ones, an IP protocol.
 * {@code tcp} is {@code dl_type=0x0800,nw_proto=6}. ovs-ofctl prints an ethertype it has a name for by that
 * name ({@code dl_type=0x86dd} as {@code ipv6}), so all of its names are here, although only IPv4 and ARP
 * have fields of their own in a match.
 */
public enum Protocol {
    IP("ip", 0x0800, -1),
    ICMP("icmp", 0x0800, 1),
    TCP("tcp", 0x0800, 6),
    UDP("udp", 0x0800, 17),
    SCTP("sctp", 0x0800, 132),
    ARP("arp", 0x0806, -1),
    RARP("rarp", 0x8035, -1),
    IPV6("ipv6", 0x86dd, -1),
    MPLS("mpls", 0x8847, -1),
    MPLSM("mplsm", 0x8848, -1);

    public static final int ETH_IP = 0x0800;
    public static final int ETH_ARP = 0x0806;

    private final String text;
    private final int ethType;
    private final int ipProtocol;

    Protocol(String text, int ethType, int ipProtocol) {
        this.text = text;
        this.ethType = ethType;
        this.ipProtocol = ipProtocol;
    }

    public String text() {
        return text;
    }

    public int ethType() {
        return ethType;
    }

    /** The IP protocol number, or -1 when the shorthand names only an ethertype. */
    public int ipProtocol() {
        return ipProtocol;
    }

    /** Every shorthand, for messages and documentation. */
    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(Protocol::text).toList());
    }

    public static Optional<Protocol> named(String name) {
        return Arrays.stream(values()).filter(p -> p.text.equals(name)).findFirst();
    }

    /**
     * The shorthand that prints {@code dl_type} and {@code nw_proto} (null when not matched): the most specific
     * one, so 0x0800 with protocol 6 is {@code tcp} and 0x0800 with protocol 47 is {@code ip}.
     */
    static Optional<Protocol> of(long ethType, Long ipProtocol) {
        Optional<Protocol> specific = Arrays.stream(values())
                .filter(p ->
                        p.ethType == ethType && p.ipProtocol >= 0 && ipProtocol != null && p.ipProtocol == ipProtocol)
                .findFirst();
        return specific.or(() -> Arrays.stream(values())
                .filter(p -> p.ethType == ethType && p.ipProtocol < 0)
                .findFirst());
    }

    @Override
    public String toString() {
        return text;
    }
}
