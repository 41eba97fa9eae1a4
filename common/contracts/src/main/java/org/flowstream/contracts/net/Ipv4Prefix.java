package org.flowstream.contracts.net;

/**
 * An IPv4 prefix such as {@code 10.0.0.0/8}: {@code bits} holds the network address with every host bit
 * cleared, {@code length} the number of leading bits that count (0-32). It is also a node of the binary tree
 * over the address space that the load balancer splits (§2.2.4): the root is 0.0.0.0/0, and a node's
 * children are one bit longer, the {@link #left()} one with the new bit 0, the {@link #right()} one with it 1.
 * Ordered by first address, then by length (a parent before its children).
 */
public record Ipv4Prefix(int bits, int length) implements Comparable<Ipv4Prefix> {

    /** Every address. */
    public static final Ipv4Prefix ROOT = new Ipv4Prefix(0, 0);

    public Ipv4Prefix {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("a prefix length is 0-32, not " + length);
        }
        if ((bits & ~mask(length)) != 0) {
            throw new IllegalArgumentException(hostBitsSet(Ipv4Address.format(bits) + "/" + length, bits, length));
        }
    }

    /** The prefix of the given length that contains {@code address} (host bits are cleared). */
    public static Ipv4Prefix of(int address, int length) {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("a prefix length is 0-32, not " + length);
        }
        return new Ipv4Prefix(address & mask(length), length);
    }

    /**
     * Parses {@code a.b.c.d/len} or a bare address (a /32). The address must be the network's first address: a
     * prefix with host bits set ({@code 10.0.0.1/8}) is refused, because it usually means a typing mistake.
     *
     * @throws IllegalArgumentException saying in words what is wrong
     */
    public static Ipv4Prefix parse(String text) {
        Ipv4Prefix prefix = parseClearingHostBits(text);
        int address = Ipv4Address.parse(addressPart(text)).bits();
        if (address != prefix.bits) {
            throw new IllegalArgumentException(hostBitsSet(text, address, prefix.length));
        }
        return prefix;
    }

    /**
     * Parses {@code a.b.c.d/len} or a bare address like {@link #parse}, but accepts host bits and clears them:
     * {@code 10.1.2.3/8} is 10.0.0.0/8. For configuration that names a network by one of its addresses.
     */
    public static Ipv4Prefix parseClearingHostBits(String text) {
        if (text == null) {
            throw new IllegalArgumentException("an IPv4 prefix is missing; write one such as 10.0.0.0/8");
        }
        int slash = text.indexOf('/');
        int address = Ipv4Address.parse(addressPart(text)).bits();
        return of(address, slash < 0 ? 32 : length(text, text.substring(slash + 1)));
    }

    private static String addressPart(String text) {
        int slash = text.indexOf('/');
        return slash < 0 ? text : text.substring(0, slash);
    }

    private static int length(String text, String part) {
        boolean digits = !part.isEmpty() && part.length() <= 2 && part.chars().allMatch(c -> c >= '0' && c <= '9');
        int length = digits ? Integer.parseInt(part) : -1;
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("'" + text
                    + "' is not an IPv4 prefix: the length after '/' must be a number 0-32, not '" + part + "'");
        }
        return length;
    }

    private static String hostBitsSet(String text, int address, int length) {
        return "'" + text + "' has host bits set: the network is " + Ipv4Address.format(address & mask(length)) + "/"
                + length;
    }

    /** The netmask of a prefix length: {@code mask(8)} is 255.0.0.0. */
    public static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    /**
     * The prefix length of a contiguous netmask (255.255.0.0 is 16), or -1 when the mask has a hole (255.0.255.0)
     * and so names no prefix.
     */
    public static int lengthOf(int mask) {
        int length = Integer.bitCount(mask);
        return mask(length) == mask ? length : -1;
    }

    public int mask() {
        return mask(length);
    }

    public Ipv4Address address() {
        return new Ipv4Address(bits);
    }

    /** First address as an unsigned value. */
    public long start() {
        return bits & 0xffff_ffffL;
    }

    /** Number of addresses covered. */
    public long size() {
        return 1L << (32 - length);
    }

    public boolean contains(int address) {
        return (address & mask(length)) == bits;
    }

    public boolean contains(Ipv4Address address) {
        return contains(address.bits());
    }

    public boolean contains(Ipv4Prefix other) {
        return other.length >= length && contains(other.bits);
    }

    public boolean isSplittable() {
        return length < 32;
    }

    public Ipv4Prefix left() {
        if (!isSplittable()) {
            throw new IllegalStateException(this + " is a single address and cannot be split");
        }
        return new Ipv4Prefix(bits, length + 1);
    }

    public Ipv4Prefix right() {
        if (!isSplittable()) {
            throw new IllegalStateException(this + " is a single address and cannot be split");
        }
        return new Ipv4Prefix(bits | (1 << (31 - length)), length + 1);
    }

    public Ipv4Prefix parent() {
        if (length == 0) {
            throw new IllegalStateException("0.0.0.0/0 is the root and has no parent");
        }
        return of(bits, length - 1);
    }

    @Override
    public int compareTo(Ipv4Prefix o) {
        int c = Long.compare(start(), o.start());
        return c != 0 ? c : Integer.compare(length, o.length);
    }

    @Override
    public String toString() {
        return Ipv4Address.format(bits) + "/" + length;
    }
}
