package org.flowstream.lang.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.flowstream.lang.model.MatchField;

/**
 * Reads a FromNet match in the ovs-ofctl syntax of OpenFlow 1.0 ({@code ip,nw_src=10.0.0.0/8,tp_dst=80}):
 * the fields OpenFlow 1.0 can match, their value formats, and their prerequisites (network
 * fields need an IP or ARP ethertype, transport fields need TCP or UDP, ICMP fields ICMP).
 */
public final class OpenFlowMatch {

    /** The outcome: the fields as written (blanks removed), or what is wrong with them. */
    public record Result(List<MatchField> fields, List<String> errors) {}

    private static final int ETH_IP = 0x0800;
    private static final int ETH_ARP = 0x0806;
    private static final int PROTO_ICMP = 1;
    private static final int PROTO_TCP = 6;
    private static final int PROTO_UDP = 17;

    /** Protocol keywords and the ethertype and IP protocol they stand for (-1: none). */
    private static final Map<String, int[]> KEYWORDS = Map.of(
            "ip", new int[] {ETH_IP, -1},
            "icmp", new int[] {ETH_IP, PROTO_ICMP},
            "tcp", new int[] {ETH_IP, PROTO_TCP},
            "udp", new int[] {ETH_IP, PROTO_UDP},
            "arp", new int[] {ETH_ARP, -1});

    private static final List<String> FIELDS = List.of(
            "in_port",
            "dl_src",
            "dl_dst",
            "dl_type",
            "dl_vlan",
            "dl_vlan_pcp",
            "nw_src",
            "nw_dst",
            "nw_proto",
            "nw_tos",
            "tp_src",
            "tp_dst",
            "icmp_type",
            "icmp_code");

    /** ovs-ofctl separates fields by commas or blanks. */
    private static final Pattern PART_SEPARATOR = Pattern.compile("[,\\s]+");

    private static final Pattern MAC = Pattern.compile("\\p{XDigit}{2}(:\\p{XDigit}{2}){5}");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private final List<MatchField> fields = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final Map<String, String> values = new LinkedHashMap<>();
    private int ethType = -1;
    private int ipProto = -1;

    private OpenFlowMatch() {}

    public static Result parse(String match) {
        OpenFlowMatch parser = new OpenFlowMatch();
        parser.readParts(match);
        if (parser.errors.isEmpty()) {
            parser.checkPrerequisites();
        }
        return new Result(List.copyOf(parser.fields), List.copyOf(parser.errors));
    }

    private void readParts(String match) {
        if (match.isBlank()) {
            errors.add("the match is empty; give at least one field, e.g. \"ip,nw_dst=8.8.8.8\"");
            return;
        }
        for (String part : PART_SEPARATOR.split(match)) {
            if (!part.isEmpty()) {
                readPart(part);
            }
        }
    }

    private void readPart(String part) {
        int equals = part.indexOf('=');
        if (equals < 0) {
            readKeyword(part);
            return;
        }
        String name = part.substring(0, equals);
        String value = part.substring(equals + 1);
        if (!FIELDS.contains(name)) {
            errors.add("unknown field '" + name + "'" + Suggestions.didYouMean(name, FIELDS) + "; OpenFlow 1.0 matches "
                    + String.join(", ", FIELDS));
            return;
        }
        if (values.putIfAbsent(name, value) != null) {
            errors.add("field '" + name + "' is given twice");
            return;
        }
        String problem = checkValue(name, value);
        if (problem != null) {
            errors.add(name + "=" + value + ": " + problem);
            return;
        }
        fields.add(new MatchField(name, value));
    }

    private void readKeyword(String keyword) {
        int[] meaning = KEYWORDS.get(keyword);
        if (meaning == null) {
            errors.add("unknown protocol '" + keyword + "'; use one of ip, tcp, udp, icmp, arp or a field=value");
            return;
        }
        if (ethType >= 0 && ethType != meaning[0] || ipProto >= 0 && meaning[1] >= 0 && ipProto != meaning[1]) {
            errors.add("protocol '" + keyword + "' conflicts with an earlier protocol in the match");
            return;
        }
        ethType = meaning[0];
        ipProto = meaning[1] >= 0 ? meaning[1] : ipProto;
        fields.add(new MatchField(keyword, ""));
    }

    /** Null when {@code value} is well formed for {@code name}, else what is wrong. */
    private String checkValue(String name, String value) {
        return switch (name) {
            case "in_port" -> value.equals("LOCAL") ? null : range(value, 0, 0xffff, "a switch port number");
            case "dl_src", "dl_dst" -> mac(value);
            case "dl_type" -> range(value, 0, 0xffff, "an ethertype such as 0x0800");
            case "dl_vlan" -> vlan(value);
            case "dl_vlan_pcp" -> range(value, 0, 7, "a VLAN priority 0-7");
            case "nw_src", "nw_dst" -> ipv4Prefix(value);
            case "nw_proto", "icmp_type", "icmp_code" -> range(value, 0, 255, "a number 0-255");
            case "nw_tos" -> tos(value);
            case "tp_src", "tp_dst" -> range(value, 0, 0xffff, "a port number 0-65535");
            default -> "not supported";
        };
    }

    /** Decimal or 0x-hexadecimal; -1 when not a number. */
    static long number(String value) {
        try {
            if (value.startsWith("0x") || value.startsWith("0X")) {
                return value.length() > 2 && value.length() <= 10 ? Long.parseLong(value.substring(2), 16) : -1;
            }
            return value.length() <= 10 && value.chars().allMatch(Character::isDigit) && !value.isEmpty()
                    ? Long.parseLong(value)
                    : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String range(String value, long min, long max, String expected) {
        long n = number(value);
        return n >= min && n <= max ? null : "expected " + expected;
    }

    private static String vlan(String value) {
        long n = number(value);
        return (n >= 0 && n <= 4095) || n == 0xffff ? null : "expected a VLAN id 0-4095 (or 0xffff for untagged)";
    }

    private static String tos(String value) {
        long n = number(value);
        return n >= 0 && n <= 255 && n % 4 == 0 ? null : "expected a type-of-service 0-252 that is a multiple of 4";
    }

    private static String mac(String value) {
        String[] parts = value.split("/", -1);
        boolean ok = parts.length <= 2
                && MAC.matcher(parts[0]).matches()
                && (parts.length == 1 || MAC.matcher(parts[1]).matches());
        return ok ? null : "expected an Ethernet address such as 00:1b:21:3a:4f:10 (optionally /mask)";
    }

    private static String ipv4Prefix(String value) {
        String[] parts = value.split("/", -1);
        if (parts.length > 2 || !isIpv4(parts[0])) {
            return "expected an IPv4 address or prefix such as 10.0.0.0/8";
        }
        if (parts.length == 2 && !isIpv4(parts[1]) && range(parts[1], 0, 32, "") != null) {
            return "the prefix length after '/' must be 0-32 (or a dotted netmask)";
        }
        return null;
    }

    private static boolean isIpv4(String text) {
        var m = IPV4.matcher(text);
        if (!m.matches()) {
            return false;
        }
        for (int group = 1; group <= 4; group++) {
            if (Integer.parseInt(m.group(group)) > 255) {
                return false;
            }
        }
        return true;
    }

    /** OpenFlow ignores fields whose protocol is not matched; we refuse them instead of silently widening the match. */
    private void checkPrerequisites() {
        int eth = values.containsKey("dl_type") ? (int) number(values.get("dl_type")) : ethType;
        if (ethType >= 0 && eth != ethType) {
            errors.add("dl_type=" + values.get("dl_type") + " conflicts with the protocol keyword");
            return;
        }
        int proto = values.containsKey("nw_proto") ? (int) number(values.get("nw_proto")) : ipProto;
        if (ipProto >= 0 && proto != ipProto) {
            errors.add("nw_proto=" + values.get("nw_proto") + " conflicts with the protocol keyword");
            return;
        }
        require(
                eth == ETH_IP || eth == ETH_ARP,
                "an IP or ARP match (add 'ip' or dl_type=0x0800)",
                "nw_src",
                "nw_dst",
                "nw_proto");
        require(eth == ETH_IP, "an IP match (add 'ip' or dl_type=0x0800)", "nw_tos");
        require(
                eth == ETH_IP && (proto == PROTO_TCP || proto == PROTO_UDP),
                "a TCP or UDP match (add 'tcp' or 'udp')",
                "tp_src",
                "tp_dst");
        require(eth == ETH_IP && proto == PROTO_ICMP, "an ICMP match (add 'icmp')", "icmp_type", "icmp_code");
    }

    private void require(boolean satisfied, String what, String... dependents) {
        if (satisfied) {
            return;
        }
        for (String field : dependents) {
            if (values.containsKey(field)) {
                errors.add(field + " needs " + what);
            }
        }
    }
}
