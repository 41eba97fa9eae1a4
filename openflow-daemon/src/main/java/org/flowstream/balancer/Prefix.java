package org.flowstream.balancer;

import org.flowstream.openflow.lb.Ipv4;

/**
 * An IPv4 prefix: a node of the binary tree over the address space (§2.2.4). The root is
 * 0.0.0.0/0; splitting a node yields two children one bit longer, the first with the new bit 0,
 * the second with it 1. {@code bits} holds the address with every host bit cleared.
 */
public record Prefix(int bits, int length) implements Comparable<Prefix> {

    public static final Prefix ROOT = new Prefix(0, 0);

    public Prefix {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length must be 0..32, got " + length);
        }
        if ((bits & ~mask(length)) != 0) {
            throw new IllegalArgumentException("host bits set in " + Ipv4.format(bits) + "/" + length);
        }
    }

    /** The prefix of the given length that contains {@code address} (host bits are cleared). */
    public static Prefix of(int address, int length) {
        return new Prefix(address & mask(length), length);
    }

    /** Parses "a.b.c.d/len" (or a bare address, taken as /32). */
    public static Prefix parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        int len = slash < 0 ? 32 : Integer.parseInt(t.substring(slash + 1).trim());
        int addr = Ipv4.parse(slash < 0 ? t : t.substring(0, slash));
        if ((addr & ~mask(len)) != 0) {
            throw new IllegalArgumentException("host bits set in prefix " + text);
        }
        return new Prefix(addr, len);
    }

    public static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    public int mask() {
        return mask(length);
    }

    /** First address as an unsigned value. */
    public long start() {
        return bits & 0xffffffffL;
    }

    /** Number of addresses covered. */
    public long size() {
        return 1L << (32 - length);
    }

    public boolean contains(int address) {
        return (address & mask(length)) == bits;
    }

    public boolean contains(Prefix other) {
        return other.length >= length && contains(other.bits);
    }

    public boolean isSplittable() {
        return length < 32;
    }

    public Prefix left() {
        if (!isSplittable()) throw new IllegalStateException(this + " cannot be split");
        return new Prefix(bits, length + 1);
    }

    public Prefix right() {
        if (!isSplittable()) throw new IllegalStateException(this + " cannot be split");
        return new Prefix(bits | (1 << (31 - length)), length + 1);
    }

    public Prefix parent() {
        if (length == 0) throw new IllegalStateException("the root has no parent");
        return of(bits, length - 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prefix p && p.bits == bits && p.length == length;
    }

    @Override
    public int hashCode() {
        return bits * 31 + length;
    }

    @Override
    public int compareTo(Prefix o) {
        int c = Long.compare(start(), o.start());
        return c != 0 ? c : Integer.compare(length, o.length);
    }

    @Override
    public String toString() {
        return Ipv4.format(bits) + "/" + length;
    }
}
