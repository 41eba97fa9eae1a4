package org.flowstream.placement.domain;

/** The units of the paper's tables: cpu in 1/100 core, memory in MB, bandwidth in Mbps, delay as given. */
public final class Units {
    public static final long BITS_PER_MBPS = 1_000_000L;
    public static final long GBPS = 1_000_000_000L;
    /** §3.2.4: every packet is 1024 bytes. */
    public static final int PACKET_BYTES = 1024;

    private Units() {}

    /** An excess of bits per second as whole Mbps (rounded up, so any excess counts). */
    public static long excessMbps(long excessBps) {
        return excessBps <= 0 ? 0 : (excessBps + BITS_PER_MBPS - 1) / BITS_PER_MBPS;
    }

    public static long ppsToBps(long pps) {
        return pps * PACKET_BYTES * 8L;
    }

    public static int coresToCenti(double cores) {
        return (int) Math.round(cores * 100);
    }
}
