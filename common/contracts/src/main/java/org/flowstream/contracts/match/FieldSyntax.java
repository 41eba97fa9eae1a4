package org.flowstream.contracts.match;

import java.util.HexFormat;
import org.flowstream.contracts.net.Ipv4Address;
import org.flowstream.contracts.net.Ipv4Prefix;

/**
 * How each field's value is written: numbers in decimal or 0x-hexadecimal, Ethernet and IPv4 addresses with
 * an optional {@code /mask} (an IPv4 mask may also be a prefix length), and the names ovs-ofctl uses for
 * special values ({@code in_port=LOCAL}, {@code dl_vlan=0xffff} for untagged frames).
 */
final class FieldSyntax {

    private FieldSyntax() {}

    /**
     * The value of {@code field} written as {@code text}.
     *
     * @throws IllegalArgumentException with what was expected, in words
     */
    static Match.Value read(MatchField field, String text) {
        return switch (field) {
            case IN_PORT -> exact(field, inPort(text));
            case DL_VLAN -> exact(field, vlan(text));
            case DL_VLAN_PCP -> exact(field, number(text, 0, 7, "a VLAN priority 0-7"));
            case DL_SRC, DL_DST -> masked(field, text, FieldSyntax::mac);
            case DL_TYPE -> exact(field, number(text, 0, 0xffff, "an ethertype such as 0x0800"));
            case NW_SRC, NW_DST -> masked(field, text, FieldSyntax::ipv4);
            case NW_PROTO, ICMP_TYPE, ICMP_CODE -> exact(field, number(text, 0, 255, "a number 0-255"));
            case NW_TOS -> exact(field, tos(text));
            case TP_SRC, TP_DST -> exact(field, number(text, 0, 0xffff, "a port number 0-65535"));
        };
    }

    /** The canonical text of a value, as ovs-ofctl prints it. */
    static String print(MatchField field, Match.Value v) {
        return switch (field) {
            case IN_PORT -> v.value() == MatchField.LOCAL_PORT ? "LOCAL" : Long.toString(v.value());
            case DL_VLAN -> v.value() == MatchField.UNTAGGED ? "0xffff" : Long.toString(v.value());
            case DL_SRC, DL_DST -> mac(v.value()) + (v.isExact(field) ? "" : "/" + mac(v.mask()));
            case DL_TYPE -> "0x%04x".formatted(v.value());
            case NW_SRC, NW_DST -> ipv4(v, field);
            default -> Long.toString(v.value());
        };
    }

    private static Match.Value exact(MatchField field, long value) {
        return new Match.Value(value, field.fullMask());
    }

    private interface Address {
        long read(String text);
    }

    private static Match.Value masked(MatchField field, String text, Address address) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return exact(field, address.read(text));
        }
        long value = address.read(text.substring(0, slash));
        String maskText = text.substring(slash + 1);
        long mask =
                field == MatchField.NW_SRC || field == MatchField.NW_DST ? ipv4Mask(maskText) : address.read(maskText);
        return new Match.Value(value & mask, mask);
    }

    /** Decimal or 0x-hexadecimal, within {@code min..max}. */
    static long number(String text, long min, long max, String expected) {
        long n = -1;
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                n = text.length() > 2 && text.length() <= 10 ? Long.parseLong(text.substring(2), 16) : -1;
            } else if (!text.isEmpty() && text.length() <= 10 && text.chars().allMatch(Character::isDigit)) {
                n = Long.parseLong(text);
            }
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("expected " + expected);
        }
        return n;
    }

    /**
     * OpenFlow 1.3 numbers ports up to 0xffffff00 (1.0 up to 0xff00); ovs-ofctl reads 65534, 1.0's number of
     * the local port, as LOCAL.
     */
    private static long inPort(String text) {
        if (text.equals("LOCAL")) {
            return MatchField.LOCAL_PORT;
        }
        long port = number(text, 0, MatchField.LOCAL_PORT, "a switch port number 0-4294967040 or LOCAL");
        if (port == 0xfffe || port == MatchField.LOCAL_PORT) {
            return MatchField.LOCAL_PORT;
        }
        if (port > MatchField.MAX_PORT) {
            throw new IllegalArgumentException("expected a switch port number 0-4294967040 or LOCAL");
        }
        return port;
    }

    private static long vlan(String text) {
        try {
            return number(text, 0, 4095, "");
        } catch (IllegalArgumentException e) {
            if (text.equalsIgnoreCase("0xffff")) {
                return MatchField.UNTAGGED;
            }
            throw new IllegalArgumentException("expected a VLAN id 0-4095 (or 0xffff for frames without a tag)");
        }
    }

    private static long tos(String text) {
        long tos = number(text, 0, 255, "a type-of-service 0-252 that is a multiple of 4");
        if (tos % 4 != 0) {
            throw new IllegalArgumentException("expected a type-of-service 0-252 that is a multiple of 4"
                    + " (its two low bits are ECN, which nw_tos does not match)");
        }
        return tos;
    }

    private static long mac(String text) {
        if (text.length() != 17 || !text.matches("\\p{XDigit}{2}(:\\p{XDigit}{2}){5}")) {
            throw new IllegalArgumentException(
                    "expected an Ethernet address such as 00:1b:21:3a:4f:10" + " (optionally /mask)");
        }
        return HexFormat.fromHexDigitsToLong(text.replace(":", ""));
    }

    private static String mac(long bits) {
        String hex = "%012x".formatted(bits);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 12; i += 2) {
            sb.append(i == 0 ? "" : ":").append(hex, i, i + 2);
        }
        return sb.toString();
    }

    private static long ipv4(String text) {
        return Ipv4Address.parse(text).unsigned();
    }

    /** A prefix length (0-32) or a dotted netmask. */
    private static long ipv4Mask(String text) {
        if (text.contains(".")) {
            return ipv4(text);
        }
        long length = number(text, 0, 32, "a prefix length 0-32 or a dotted netmask after '/'");
        return Ipv4Prefix.mask((int) length) & 0xffff_ffffL;
    }

    private static String ipv4(Match.Value v, MatchField field) {
        String address = Ipv4Address.format((int) v.value());
        if (v.isExact(field)) {
            return address;
        }
        int length = Ipv4Prefix.lengthOf((int) v.mask());
        return address + "/" + (length >= 0 ? Integer.toString(length) : Ipv4Address.format((int) v.mask()));
    }
}
