package org.flowstream.contracts.net;

/**
 * An IPv4 address, {@code bits} holding its 32 bits with the first octet in the high byte. Ordered as unsigned
 * numbers, so 10.0.0.0 sorts before 192.168.0.0.
 */
public record Ipv4Address(int bits) implements Comparable<Ipv4Address> {

    public static Ipv4Address of(int bits) {
        return new Ipv4Address(bits);
    }

    /**
     * Parses a dotted quad such as {@code 10.1.2.3}: four decimal octets 0-255 and nothing else (no blanks, no
     * leading '+', no shortened forms such as {@code 10.1}).
     *
     * @throws IllegalArgumentException saying in words what is wrong
     */
    public static Ipv4Address parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("an IPv4 address is missing; write four numbers 0-255 such as 10.1.2.3");
        }
        int bits = 0;
        int octets = 0;
        int start = 0;
        while (start <= text.length()) {
            int dot = text.indexOf('.', start);
            int end = dot < 0 ? text.length() : dot;
            bits = bits << 8 | octet(text, text.substring(start, end));
            octets++;
            if (dot < 0) {
                break;
            }
            start = dot + 1;
        }
        if (octets != 4) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address: it has " + octets
                    + " parts; write four numbers 0-255" + " separated by dots, such as 10.1.2.3");
        }
        return new Ipv4Address(bits);
    }

    private static int octet(String text, String part) {
        boolean digits = !part.isEmpty() && part.length() <= 3 && part.chars().allMatch(c -> c >= '0' && c <= '9');
        int value = digits ? Integer.parseInt(part) : -1;
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address: '" + part
                    + "' is not a number 0-255; write four numbers separated by dots, such as 10.1.2.3");
        }
        return value;
    }

    /** The address as an unsigned number 0 to 2^32-1. */
    public long unsigned() {
        return bits & 0xffff_ffffL;
    }

    /** The address with the bits outside {@code mask} cleared. */
    public Ipv4Address masked(int mask) {
        return new Ipv4Address(bits & mask);
    }

    /** Dotted-quad text of 32 address bits; for code that keeps addresses as plain ints (packets). */
    public static String format(int bits) {
        return ((bits >>> 24) & 0xff) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "."
                + (bits & 0xff);
    }

    @Override
    public int compareTo(Ipv4Address other) {
        return Integer.compareUnsigned(bits, other.bits);
    }

    @Override
    public String toString() {
        return format(bits);
    }
}
