package org.flowstream.modulehost.runtime;

/** Internet checksums (RFC 1071) and their incremental update (RFC 1624). */
public final class Checksums {

    private Checksums() {}

    /** Adds {@code length} bytes at {@code offset} as 16-bit big-endian words to {@code sum} (not folded). */
    public static int sum(byte[] data, int offset, int length, int sum) {
        int i = offset;
        int end = offset + length;
        for (; i + 1 < end; i += 2) {
            sum += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
            if ((sum & 0x80000000) != 0) {
                sum = (sum & 0xffff) + (sum >>> 16);
            }
        }
        if (i < end) {
            sum += (data[i] & 0xff) << 8;
        }
        return sum;
    }

    /** Folds a sum to 16 bits and complements it: the value that goes into a checksum field. */
    public static int fold(int sum) {
        long s = sum & 0xffffffffL;
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) (~s & 0xffff);
    }

    /** Recomputes the IPv4 header checksum in place. */
    public static void fixIpHeader(Packet p) {
        int l3 = p.l3Offset();
        p.setU16(l3 + 10, 0);
        p.setU16(l3 + 10, fold(sum(p.buffer(), Packet.HEADROOM + l3, p.ipHeaderLength(), 0)));
    }

    /**
     * Updates a checksum field for a 32-bit value that changed from {@code old} to {@code now} (RFC 1624,
     * eqn. 3): HC' = ~(~HC + ~m + m').
     */
    public static int update32(int checksum, int old, int now) {
        int sum = (~checksum & 0xffff)
                + (~(old >>> 16) & 0xffff)
                + (~old & 0xffff)
                + ((now >>> 16) & 0xffff)
                + (now & 0xffff);
        return fold(sum);
    }

    /** The same for a 16-bit value. */
    public static int update16(int checksum, int old, int now) {
        return fold((~checksum & 0xffff) + (~old & 0xffff) + (now & 0xffff));
    }
}
