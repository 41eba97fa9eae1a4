package org.flowstream.modulehost.elements;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.flowstream.contracts.element.Signature;
import org.flowstream.contracts.element.StateKind;
import org.flowstream.modulehost.runtime.Element;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.Primitives;

/** Counts the packets and bytes passing through; its counters appear in the PM's statistics. */
@Signature(
        ports = "1/1",
        description = "passes packets on unchanged, counting packets (count) and bytes (byte_count)",
        primitives = {Primitives.READ, Primitives.COUNT},
        state = StateKind.ELEMENT,
        counters = {"count", "byte_count"})
public final class Counter extends Element {

    private final LongAdder packets = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    @Override
    public void push(int port, Packet packet) {
        packets.increment();
        bytes.add(packet.length());
        output(0, packet);
    }

    public long count() {
        return packets.sum();
    }

    @Override
    public Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("count", packets.sum());
        stats.put("byte_count", bytes.sum());
        return stats;
    }
}
