package org.flowstream.balancer.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.balancer.Assignment;
import org.flowstream.balancer.Machine;
import org.flowstream.contracts.net.Ipv4Prefix;

/**
 * The baseline of Wang et al. (§2.2.3): wildcard rules that assume traffic is spread evenly over
 * the address space. The space is cut into 2^k equal prefixes (k chosen so each machine gets about
 * eight), each machine gets a contiguous run of them in proportion to its capacity, and each run is
 * written as the fewest aligned wildcard prefixes. Its imbalance is then measured on real traffic.
 */
public final class UniformSplitBaseline {
    private UniformSplitBaseline() {}

    public static Assignment assign(List<Machine> machines) {
        int k = Math.min(32, 64 - Long.numberOfLeadingZeros(8L * machines.size() - 1));
        long pieces = 1L << k;
        double total = 0;
        for (Machine m : machines) total += m.capacity();
        Map<Ipv4Prefix, String> out = new LinkedHashMap<>();
        long next = 0;
        double acc = 0;
        for (int j = 0; j < machines.size(); j++) {
            acc += machines.get(j).capacity();
            long end = j == machines.size() - 1 ? pieces : Math.round(acc / total * pieces);
            addRange(out, next << (32 - k), end << (32 - k), machines.get(j).name());
            next = end;
        }
        // Every address is covered, so the "default" machine never receives traffic via its catch-all.
        return new Assignment(machines.get(0).name(), out);
    }

    /** Covers [from, to) with the fewest aligned prefixes. */
    private static void addRange(Map<Ipv4Prefix, String> out, long from, long to, String id) {
        long a = from;
        while (a < to) {
            int len = a == 0 ? 0 : 32 - Long.numberOfTrailingZeros(a);
            while ((1L << (32 - len)) > to - a) len++;
            out.put(new Ipv4Prefix((int) a, len), id);
            a += 1L << (32 - len);
        }
    }
}
