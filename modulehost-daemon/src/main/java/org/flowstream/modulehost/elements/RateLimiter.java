package org.flowstream.modulehost.elements;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.flowstream.contracts.element.ElementConfiguration;
import org.flowstream.contracts.element.Signature;
import org.flowstream.contracts.element.StateKind;
import org.flowstream.modulehost.runtime.Element;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.Primitives;
import org.flowstream.modulehost.runtime.RuntimeContext;

/**
 * A token-bucket policer: packets within RATE packets per second (with bursts of up to BURST) go to output 0;
 * the excess goes to output 1 when it is connected and is dropped otherwise.
 */
@Signature(
        ports = "1/1-2",
        description =
                "passes at most RATE packets per second on output 0; excess packets go to output 1 if connected, else are dropped",
        primitives = {Primitives.SHAPE, Primitives.DROP, Primitives.COUNT},
        state = StateKind.ELEMENT,
        keywords = {
            @Signature.Keyword(
                    name = "RATE",
                    type = "packets per second",
                    required = true,
                    meaning = "the sustained rate let through",
                    positional = true),
            @Signature.Keyword(
                    name = "BURST",
                    type = "packets",
                    defaultValue = "RATE/10+1",
                    meaning = "how many may pass at once",
                    positional = true)
        },
        counters = {"passed", "exceeded", "rate"})
public final class RateLimiter extends Element {

    private double rate;
    private double burst;
    private double tokens;
    private long last = System.nanoTime();
    private final LongAdder passed = new LongAdder();
    private final LongAdder exceeded = new LongAdder();

    @Override
    public void configure(ElementConfiguration configuration, RuntimeContext context) {
        rate = configuration.number("RATE");
        burst = configuration.has("BURST") ? configuration.number("BURST") : Math.floor(rate / 10) + 1;
        tokens = burst;
    }

    @Override
    public void push(int port, Packet packet) {
        boolean pass;
        synchronized (this) {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - last) * rate / 1e9);
            last = now;
            pass = tokens >= 1;
            if (pass) {
                tokens -= 1;
            }
        }
        if (pass) {
            passed.increment();
            output(0, packet);
        } else {
            exceeded.increment();
            output(1, packet);
        }
    }

    @Override
    public Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("passed", passed.sum());
        stats.put("exceeded", exceeded.sum());
        stats.put("rate", rate);
        return stats;
    }
}
