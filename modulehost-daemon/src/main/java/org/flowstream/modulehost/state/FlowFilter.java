package org.flowstream.modulehost.state;

import java.util.Locale;
import org.flowstream.contracts.net.Ipv4Address;
import org.flowstream.contracts.net.Ipv4Prefix;

/**
 * Which flows a state operation is about (OpenNF's filter): any combination of protocol, inside prefix and port,
 * outside prefix and port, and external address; an absent part matches everything, so the empty filter is every
 * flow. The prefix load balancer moves inside prefixes; a carrier-grade NAT moves whole external addresses
 * (§2.3.4), so that the return traffic to one external address has one instance to go to.
 *
 * <p>Text form, also its wire form: space-separated {@code key value} pairs, e.g.
 * {@code protocol udp inside 10.1.0.0/16 external 198.51.100.1}.
 */
public record FlowFilter(
        int protocol,
        int insideAddress,
        int insideMask,
        int insidePort,
        int outsideAddress,
        int outsideMask,
        int outsidePort,
        int external) {

    public static final FlowFilter ALL = new FlowFilter(0, 0, 0, 0, 0, 0, 0, 0);

    public boolean matches(FlowKey key) {
        return (protocol == 0 || key.protocol() == protocol)
                && (insideMask == 0 || (key.inside() & insideMask) == insideAddress)
                && (insidePort == 0 || key.insidePort() == insidePort)
                && (outsideMask == 0 || (key.outside() & outsideMask) == outsideAddress)
                && (outsidePort == 0 || key.outsidePort() == outsidePort)
                && (external == 0 || key.external() == external);
    }

    /** Parses the text form; a mistake is an IllegalArgumentException that says which part is wrong. */
    public static FlowFilter parse(String text) {
        String[] words = text.trim().isEmpty() ? new String[0] : text.trim().split("\\s+");
        if (words.length % 2 != 0) {
            throw new IllegalArgumentException("a flow filter is 'key value' pairs (protocol, inside, inside_port, "
                    + "outside, outside_port, external), got '" + text + "'");
        }
        int protocol = 0, insidePort = 0, outsidePort = 0, external = 0;
        Ipv4Prefix inside = null;
        Ipv4Prefix outside = null;
        for (int i = 0; i < words.length; i += 2) {
            String value = words[i + 1];
            switch (words[i].toLowerCase(Locale.ROOT)) {
                case "protocol" -> protocol = protocol(value);
                case "inside" -> inside = Ipv4Prefix.parse(value);
                case "inside_port" -> insidePort = port(value);
                case "outside" -> outside = Ipv4Prefix.parse(value);
                case "outside_port" -> outsidePort = port(value);
                case "external" -> external = Ipv4Address.parse(value).bits();
                default ->
                    throw new IllegalArgumentException("unknown flow filter key '" + words[i]
                            + "' (protocol, inside, inside_port, outside, outside_port, external)");
            }
        }
        return new FlowFilter(
                protocol,
                inside == null ? 0 : inside.bits(),
                inside == null ? 0 : inside.mask(),
                insidePort,
                outside == null ? 0 : outside.bits(),
                outside == null ? 0 : outside.mask(),
                outsidePort,
                external);
    }

    private static int protocol(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "tcp" -> 6;
            case "udp" -> 17;
            default -> throw new IllegalArgumentException("protocol must be tcp or udp, got '" + value + "'");
        };
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("a port is 1-65535, got '" + value + "'");
    }

    /** The text form {@link #parse} reads. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (protocol != 0) {
            s.append(" protocol ").append(protocol == 6 ? "tcp" : "udp");
        }
        if (insideMask != 0) {
            s.append(" inside ").append(prefix(insideAddress, insideMask));
        }
        if (insidePort != 0) {
            s.append(" inside_port ").append(insidePort);
        }
        if (outsideMask != 0) {
            s.append(" outside ").append(prefix(outsideAddress, outsideMask));
        }
        if (outsidePort != 0) {
            s.append(" outside_port ").append(outsidePort);
        }
        if (external != 0) {
            s.append(" external ").append(Ipv4Address.format(external));
        }
        return s.toString().trim();
    }

    private static String prefix(int address, int mask) {
        return Ipv4Address.format(address) + "/" + Integer.bitCount(mask);
    }
}
