package org.flowstream.modulehost.elements;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.flowstream.contracts.element.Signature;
import org.flowstream.contracts.element.StateKind;
import org.flowstream.modulehost.runtime.Element;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.Primitives;

/** Drops every packet, counting them. */
@Signature(
        ports = "1/0",
        description = "drops every packet it receives (count says how many)",
        primitives = {Primitives.DROP, Primitives.COUNT},
        state = StateKind.ELEMENT,
        counters = {"count"})
public final class Discard extends Element {

    private final LongAdder dropped = new LongAdder();

    @Override
    public void push(int port, Packet packet) {
        dropped.increment();
    }

    @Override
    public Map<String, Object> stats() {
        return Map.of("count", dropped.sum());
    }
}
