package org.flowstream.modulehost.elements;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.flowstream.contracts.element.Signature;
import org.flowstream.contracts.element.StateKind;
import org.flowstream.modulehost.runtime.ConfigException;
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
    public void configure(List<String> args, RuntimeContext context) throws ConfigException {
        if (args.isEmpty() || args.size() > 2) {
            throw new ConfigException("RateLimiter takes RATE (packets per second) and optionally BURST");
        }
        rate = number(args.get(0), "RATE");
        burst = args.size() > 1 ? number(args.get(1), "BURST") : Math.floor(rate / 10) + 1;
        tokens = burst;
    }

    private static double number(String text, String what) throws ConfigException {
        try {
            double value = Double.parseDouble(text.trim().replaceAll("(?i)\\s*pps$", ""));
            if (!(value > 0)) {
                throw new ConfigException(what + " must be positive, got " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(what + " must be a number, got '" + text + "'");
        }
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
