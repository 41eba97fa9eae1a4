package org.flowstream.modulehost.runtime;

/** Dotted-quad addresses and prefixes as ints. */
public final class Ipv4 {

    private Ipv4() {}

    public static int parse(String text) {
        String[] parts = text.trim().split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
        }
        int value = 0;
        for (String part : parts) {
            int octet;
            try {
                octet = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
            }
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    /** Parses "a.b.c.d/n" (or a bare address, /32) into {address, mask}. */
    public static int[] parsePrefix(String text) {
        int slash = text.indexOf('/');
        int address = parse(slash < 0 ? text : text.substring(0, slash));
        int bits = slash < 0 ? 32 : Integer.parseInt(text.substring(slash + 1).trim());
        if (bits < 0 || bits > 32) {
            throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0..32");
        }
        int mask = bits == 0 ? 0 : -1 << (32 - bits);
        return new int[] {address & mask, mask};
    }

    public static String toString(int address) {
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }
}
