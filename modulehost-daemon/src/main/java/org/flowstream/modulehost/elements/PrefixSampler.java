package org.flowstream.modulehost.elements;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.flowstream.contracts.element.ElementConfiguration;
import org.flowstream.contracts.element.Signature;
import org.flowstream.contracts.element.StateKind;
import org.flowstream.contracts.net.Ipv4Address;
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
    public void configure(ElementConfiguration configuration, RuntimeContext context) {
        bits = configuration.integer("BITS");
        mask = -1 << (32 - bits);
        oneIn = configuration.integer("ONE_IN");
        bySource = configuration.text("ADDRESS").equals("src");
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
