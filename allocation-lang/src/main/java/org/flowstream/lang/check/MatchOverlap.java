package org.flowstream.lang.check;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.lang.model.MatchField;

/**
 * Whether two FromNet matches (as {@link OpenFlowMatch} accepted them) can select the same packet. Each
 * match is turned into the OpenFlow 1.0 fields it constrains, each as value and mask (protocol keywords
 * become dl_type and nw_proto; a prefix constrains its leading bits; icmp_type and icmp_code are the
 * transport port fields, as in OpenFlow 1.0). Two matches overlap when, on every field both constrain, the
 * bits both masks cover agree: a field only one of them names is a wildcard for the other, so
 * {@code ip,nw_src=10.0.0.0/8} overlaps {@code tcp,tp_dst=80} (a TCP packet from 10.1.2.3 to port 80
 * matches both) and {@code udp} does not overlap {@code tcp}.
 */
final class MatchOverlap {

    private record Bits(long value, long mask) {}

    private static final int ETH_IP = 0x0800;

    private MatchOverlap() {}

    static boolean overlap(List<MatchField> a, List<MatchField> b) {
        Map<String, Bits> first = bits(a);
        Map<String, Bits> second = bits(b);
        for (Map.Entry<String, Bits> field : first.entrySet()) {
            Bits other = second.get(field.getKey());
            Bits mine = field.getValue();
            if (other != null && ((mine.value ^ other.value) & mine.mask & other.mask) != 0) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Bits> bits(List<MatchField> match) {
        Map<String, Bits> fields = new HashMap<>();
        for (MatchField f : match) {
            if (f.isKeyword()) {
                keyword(f.name(), fields);
            } else {
                fields.put(fieldName(f.name()), value(f.name(), f.value()));
            }
        }
        return fields;
    }

    private static void keyword(String keyword, Map<String, Bits> fields) {
        switch (keyword) {
            case "arp" -> fields.put("dl_type", exact(0x0806, 16));
            case "icmp" -> ip(fields, 1);
            case "tcp" -> ip(fields, 6);
            case "udp" -> ip(fields, 17);
            default -> fields.put("dl_type", exact(ETH_IP, 16)); // "ip"
        }
    }

    private static void ip(Map<String, Bits> fields, int protocol) {
        fields.put("dl_type", exact(ETH_IP, 16));
        fields.put("nw_proto", exact(protocol, 8));
    }

    /** OpenFlow 1.0 carries ICMP type and code in the transport port fields. */
    private static String fieldName(String name) {
        return switch (name) {
            case "icmp_type" -> "tp_src";
            case "icmp_code" -> "tp_dst";
            default -> name;
        };
    }

    private static Bits value(String name, String value) {
        return switch (name) {
            case "in_port" -> exact(value.equals("LOCAL") ? 0xfffe : OpenFlowMatch.number(value), 16);
            case "dl_src", "dl_dst" -> masked(value, MatchOverlap::mac, 0xffff_ffff_ffffL);
            case "nw_src", "nw_dst" -> masked(value, MatchOverlap::ipv4, 0xffff_ffffL);
            default -> exact(OpenFlowMatch.number(value), 32);
        };
    }

    private static Bits exact(long value, int width) {
        return new Bits(value, (1L << width) - 1);
    }

    /** {@code address} or {@code address/mask}; an IPv4 mask may also be a prefix length. */
    private static Bits masked(String text, java.util.function.ToLongFunction<String> address, long full) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new Bits(address.applyAsLong(text), full);
        }
        String mask = text.substring(slash + 1);
        long maskBits = mask.contains(".") || mask.contains(":")
                ? address.applyAsLong(mask)
                : prefixMask(Integer.parseInt(mask));
        return new Bits(address.applyAsLong(text.substring(0, slash)) & maskBits, maskBits);
    }

    private static long prefixMask(int length) {
        return length == 0 ? 0 : (0xffff_ffffL << (32 - length)) & 0xffff_ffffL;
    }

    private static long ipv4(String dotted) {
        long result = 0;
        for (String octet : dotted.split("\\.")) {
            result = result << 8 | Integer.parseInt(octet);
        }
        return result;
    }

    private static long mac(String colons) {
        return Long.parseLong(colons.replace(":", ""), 16);
    }
}
