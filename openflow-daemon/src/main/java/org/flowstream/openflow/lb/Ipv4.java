package org.flowstream.openflow.lb;

/** Dotted-quad conversion for IPv4 addresses held in an int. */
public final class Ipv4 {
    private Ipv4() {}

    public static int parse(String dotted) {
        String[] parts = dotted.trim().split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        }
        int a = 0;
        for (String p : parts) {
            int v = Integer.parseInt(p);
            if (v < 0 || v > 255) throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            a = (a << 8) | v;
        }
        return a;
    }

    public static String format(int a) {
        return ((a >>> 24) & 255) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255);
    }
}
