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
 * {@code protocol udp inside 10.1.0.0/16 external 198.51.100.1}. {@code batch i/n} narrows a filter to one of
 * {@code n} disjoint batches of its flows (by a hash of the inside endpoint, the same on every instance): a move
 * copies a large filter batch by batch, so each batch's packets wait only while that batch is copied.
 */
public record FlowFilter(
        int protocol,
        int insideAddress,
        int insideMask,
        int insidePort,
        int outsideAddress,
        int outsideMask,
        int outsidePort,
        int external,
        int batch,
        int batches) {

    public static final FlowFilter ALL = new FlowFilter(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public boolean matches(FlowKey key) {
        return (protocol == 0 || key.protocol() == protocol)
                && (insideMask == 0 || (key.inside() & insideMask) == insideAddress)
                && (insidePort == 0 || key.insidePort() == insidePort)
                && (outsideMask == 0 || (key.outside() & outsideMask) == outsideAddress)
                && (outsidePort == 0 || key.outsidePort() == outsidePort)
                && (external == 0 || key.external() == external)
                && (batches == 0 || insideUnknown(key) || batchOf(key, batches) == batch);
    }

    /**
     * A packet that found no state and does not carry its inside endpoint (a NAT's return traffic to an external
     * port it has no mapping for): its batch cannot be known, so every batch of the filter counts it in. During a
     * phased move such a packet reaching the new instance belongs to the batch whose state is on its way (the old
     * instance daisy-chains only what it no longer has state for), and must wait for it like the batch's others.
     */
    private static boolean insideUnknown(FlowKey key) {
        return key.inside() == 0 && key.insidePort() == 0;
    }

    /** This filter narrowed to batch {@code i} of {@code n} (0 <= i < n). */
    public FlowFilter batch(int i, int n) {
        if (n < 1 || i < 0 || i >= n) {
            throw new IllegalArgumentException("a batch is i/n with 0 <= i < n, got " + i + "/" + n);
        }
        return new FlowFilter(
                protocol,
                insideAddress,
                insideMask,
                insidePort,
                outsideAddress,
                outsideMask,
                outsidePort,
                external,
                i,
                n);
    }

    /**
     * Which of n batches a flow is in: a hash of its inside endpoint, so a NAT mapping and the packets of both its
     * directions fall in the same batch on every instance.
     */
    static int batchOf(FlowKey key, int n) {
        int h = key.protocol() * 31 + key.inside();
        h = h * 0x9E3779B1 + key.insidePort();
        h ^= h >>> 16;
        return Math.floorMod(h * 0x85EBCA6B, n);
    }

    /** Parses the text form; a mistake is an IllegalArgumentException that says which part is wrong. */
    public static FlowFilter parse(String text) {
        String[] words = text.trim().isEmpty() ? new String[0] : text.trim().split("\\s+");
        if (words.length % 2 != 0) {
            throw new IllegalArgumentException("a flow filter is 'key value' pairs (protocol, inside, inside_port, "
                    + "outside, outside_port, external), got '" + text + "'");
        }
        int protocol = 0, insidePort = 0, outsidePort = 0, external = 0, batch = 0, batches = 0;
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
                case "batch" -> {
                    int[] b = batch(value);
                    batch = b[0];
                    batches = b[1];
                }
                default ->
                    throw new IllegalArgumentException("unknown flow filter key '" + words[i]
                            + "' (protocol, inside, inside_port, outside, outside_port, external, batch)");
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
                external,
                batch,
                batches);
    }

    private static int[] batch(String value) {
        String[] parts = value.split("/");
        try {
            if (parts.length == 2) {
                int i = Integer.parseInt(parts[0]);
                int n = Integer.parseInt(parts[1]);
                if (n >= 1 && i >= 0 && i < n) {
                    return new int[] {i, n};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("a batch is i/n with 0 <= i < n, got '" + value + "'");
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
        if (batches != 0) {
            s.append(" batch ").append(batch).append('/').append(batches);
        }
        return s.toString().trim();
    }

    private static String prefix(int address, int mask) {
        return Ipv4Address.format(address) + "/" + Integer.bitCount(mask);
    }
}
