package org.flowstream.modulehost.elements;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.flowstream.modulehost.runtime.Element;
import org.flowstream.modulehost.runtime.ElementInfo;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.Primitives;

/** Drops every packet, counting them. */
@ElementInfo(
        description = "Discard(): drops every packet it receives (count says how many)",
        primitives = {Primitives.DROP, Primitives.COUNT},
        state = "element",
        outputs = "0")
public final class Discard extends Element {

    private final LongAdder dropped = new LongAdder();

    @Override
    public int outputCount() {
        return 0;
    }

    @Override
    public void push(int port, Packet packet) {
        dropped.increment();
    }

    @Override
    public Map<String, Object> stats() {
        return Map.of("count", dropped.sum());
    }
}
