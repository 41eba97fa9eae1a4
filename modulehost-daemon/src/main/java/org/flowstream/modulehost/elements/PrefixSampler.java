package org.flowstream.modulehost.elements;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.flowstream.contracts.element.Signature;
import org.flowstream.contracts.element.StateKind;
import org.flowstream.contracts.net.Ipv4Address;
import org.flowstream.modulehost.runtime.ConfigException;
import org.flowstream.modulehost.runtime.Element;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.Primitives;
import org.flowstream.modulehost.runtime.RuntimeContext;

/**
 * The load sampler of prefix load balancing (§2.2.5): passes packets on unchanged and counts one IPv4 packet in
 * ONE_IN into a counter per address prefix, so the controller learns where the load is without per-packet
 * work on the switch. The module host sums its PMs' samples and reports them (LoadReporter).
 */
@Signature(
        ports = "1/1",
        description =
                "passes packets on, counting 1 in ONE_IN IPv4 packets per /BITS prefix of the source (or destination) address; the counts are in samples",
        primitives = {Primitives.READ, Primitives.COUNT},
        state = StateKind.ELEMENT,
        keywords = {
            @Signature.Keyword(
                    name = "BITS",
                    type = "integer 1-32",
                    required = true,
                    meaning = "prefix length the samples are counted by",
                    positional = true),
            @Signature.Keyword(
                    name = "ONE_IN",
                    type = "integer 1-1000000",
                    defaultValue = "100",
                    meaning = "sample one packet in this many",
                    positional = true),
            @Signature.Keyword(
                    name = "ADDRESS",
                    type = "src or dst",
                    defaultValue = "src",
                    meaning = "which address the prefix is taken from",
                    positional = true)
        },
        counters = {"one_in", "address", "ipv4_packets", "samples"})
public final class PrefixSampler extends Element {

    private int bits;
    private int mask;
    private int oneIn = 100;
    private boolean bySource = true;
    private final AtomicLong seen = new AtomicLong();
    private final Map<Integer, LongAdder> samples = new ConcurrentHashMap<>();

    @Override
    public void configure(List<String> args, RuntimeContext context) throws ConfigException {
        if (args.isEmpty() || args.size() > 3) {
            throw new ConfigException("PrefixSampler takes BITS [, ONE_IN [, src|dst]], e.g. PrefixSampler(24, 100)");
        }
        bits = number(args.get(0), "BITS", 1, 32);
        mask = -1 << (32 - bits);
        if (args.size() > 1) {
            oneIn = number(args.get(1), "ONE_IN", 1, 1_000_000);
        }
        if (args.size() > 2) {
            switch (args.get(2).trim()) {
                case "src" -> bySource = true;
                case "dst" -> bySource = false;
                default ->
                    throw new ConfigException("PrefixSampler's third argument is src or dst, not '"
                            + args.get(2).trim() + "'");
            }
        }
    }

    private static int number(String text, String what, int min, int max) throws ConfigException {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new ConfigException("PrefixSampler's %s must be a whole number from %d to %d, not '%s'"
                .formatted(what, min, max, text.trim()));
    }

    @Override
    public void push(int port, Packet packet) {
        // Every ONE_IN-th IPv4 packet, as the paper's hosts do: deterministic, so tests and estimates are exact.
        if (packet.isIpv4() && seen.incrementAndGet() % oneIn == 0) {
            int address = bySource ? packet.ipSrc() : packet.ipDst();
            samples.computeIfAbsent(address & mask, k -> new LongAdder()).increment();
        }
        output(0, packet);
    }

    @Override
    public Map<String, Object> stats() {
        Map<String, Long> byPrefix = new TreeMap<>();
        samples.forEach((prefix, count) -> byPrefix.put(Ipv4Address.format(prefix) + "/" + bits, count.sum()));
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("one_in", oneIn);
        stats.put("address", bySource ? "src" : "dst");
        stats.put("ipv4_packets", seen.get());
        stats.put("samples", byPrefix);
        return stats;
    }
}
