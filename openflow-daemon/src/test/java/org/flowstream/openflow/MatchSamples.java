package org.flowstream.openflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.flowstream.contracts.match.MatchField;

/**
 * Seeded random match texts for the property test: per field, a valid match that uses it (with the protocol it
 * needs); and free combinations of a protocol and fields, which may break a prerequisite on purpose.
 */
final class MatchSamples {

    private static final String[] PROTOCOLS = {"", "ip", "icmp", "tcp", "udp", "sctp", "arp", "ipv6", "rarp"};

    private MatchSamples() {}

    /** A valid match using {@code field} with a random value. */
    static String forField(MatchField field, Random r) {
        String value = field + "=" + value(field, r);
        return switch (field) {
            case NW_SRC, NW_DST, NW_PROTO -> (r.nextBoolean() ? "ip," : "arp,") + value;
            case NW_TOS -> "ip," + value;
            case TP_SRC, TP_DST -> (r.nextBoolean() ? "tcp," : "udp,") + value;
            case ICMP_TYPE, ICMP_CODE -> "icmp," + value;
            case DL_VLAN_PCP -> r.nextBoolean() ? value : "dl_vlan=" + r.nextInt(4096) + "," + value;
            default -> value;
        };
    }

    /** A protocol (or none) and each field with probability 1/4, in shuffled order, separated as ovs-ofctl allows. */
    static String combination(Random r) {
        List<String> parts = new ArrayList<>();
        String protocol = PROTOCOLS[r.nextInt(PROTOCOLS.length)];
        if (!protocol.isEmpty()) {
            parts.add(protocol);
        }
        for (MatchField field : MatchField.values()) {
            if (field != MatchField.DL_TYPE && r.nextInt(4) == 0) {
                parts.add(field + "=" + value(field, r));
            }
        }
        java.util.Collections.shuffle(parts, r);
        return String.join(r.nextInt(5) == 0 ? " " : ",", parts);
    }

    static String value(MatchField field, Random r) {
        return switch (field) {
            case IN_PORT -> r.nextInt(8) == 0 ? "LOCAL" : Integer.toString(1 + r.nextInt(0xfeff));
            case DL_VLAN -> r.nextInt(6) == 0 ? "0xffff" : Integer.toString(r.nextInt(4096));
            case DL_VLAN_PCP -> Integer.toString(r.nextInt(8));
            case DL_SRC, DL_DST -> mac(r) + (r.nextInt(3) == 0 ? "/" + mac(r) : "");
            case DL_TYPE -> "0x%04x".formatted(r.nextInt(0x10000));
            case NW_SRC, NW_DST -> ipv4(r) + ipv4Mask(r);
            case NW_PROTO, ICMP_TYPE, ICMP_CODE -> Integer.toString(r.nextInt(256));
            case NW_TOS -> Integer.toString(4 * r.nextInt(64));
            case TP_SRC, TP_DST -> Integer.toString(r.nextInt(0x10000));
        };
    }

    private static String mac(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            sb.append(i == 0 ? "" : ":").append("%02x".formatted(r.nextInt(256)));
        }
        return sb.toString();
    }

    private static String ipv4(Random r) {
        return r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
    }

    /** None, a prefix length, or (rarely) a netmask with holes. */
    private static String ipv4Mask(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> "";
            case 1 -> "/" + ipv4(r);
            default -> "/" + r.nextInt(33);
        };
    }
}
