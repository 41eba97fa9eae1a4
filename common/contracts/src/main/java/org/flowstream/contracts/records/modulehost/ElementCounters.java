package org.flowstream.contracts.records.modulehost;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.records.WireName;
import org.flowstream.contracts.records.WireValues;

/**
 * One element's counters and state in a PM's stats ({@code stats.elements.<element>}), as the element reports
 * them. The keys are data, like Click's read handlers: each element type names its own in its signature's
 * {@code counters} ({@code count}, {@code byte_count}; {@code ruleN_matches}), so this record cannot list them.
 * What it does fix is their shape: every value is a number, a string or a boolean, or one list or struct of
 * those (a sampler's per-prefix counts, a gate's frozen filters). A whole number reads as a {@code Long}, any
 * other number as a {@code Double}, so counters compare equal however they travelled.
 *
 * @param counters each counter's name and value, in the element's order
 */
@WireName("an element's counters")
public record ElementCounters(Map<String, Object> counters) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ElementCounters {
        Map<String, Object> canonical = new LinkedHashMap<>();
        counters.forEach((name, value) -> {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a counter needs a name");
            }
            canonical.put(name, canonical(name, value, true));
        });
        counters = Collections.unmodifiableMap(canonical);
    }

    @Override
    @JsonValue
    public Map<String, Object> counters() {
        return counters;
    }

    /**
     * An element's counters as the PM runtime reported them: a value nested deeper than one list or struct is
     * taken in its string form (as the runtime writes any value it has no JSON form for) and an empty one (JSON's
     * null, which XML-RPC cannot carry) is left out, so that one element's odd counter never hides a PM's stats.
     */
    public static ElementCounters reported(Map<?, ?> reported) {
        Map<String, Object> counters = new LinkedHashMap<>();
        reported.forEach((name, value) -> {
            if (value != null) {
                counters.put(String.valueOf(name), flattened(value, true));
            }
        });
        return new ElementCounters(counters);
    }

    private static Object flattened(Object value, boolean mayNest) {
        return switch (value) {
            case Map<?, ?> m
            when mayNest -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> {
                    if (v != null) {
                        out.put(String.valueOf(k), flattened(v, false));
                    }
                });
                yield out;
            }
            case Collection<?> c
            when mayNest ->
                c.stream().filter(v -> v != null).map(v -> flattened(v, false)).toList();
            case Number n -> n;
            case Boolean b -> b;
            default -> String.valueOf(value);
        };
    }

    /** {@code value} in its canonical form, or why it cannot be a counter's value. */
    private static Object canonical(String name, Object value, boolean mayNest) {
        return switch (value) {
            case Byte b -> b.longValue();
            case Short s -> s.longValue();
            case Integer i -> i.longValue();
            case Long l -> l;
            case Double d when d == Math.rint(d) && Math.abs(d) < 0x1p53 -> d.longValue(); // a long past 2^31
            case Number n -> n.doubleValue();
            case String s -> s;
            case Boolean b -> b;
            case Map<?, ?> m
            when mayNest -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(String.valueOf(k), canonical(name + "." + k, v, false)));
                yield Collections.unmodifiableMap(out);
            }
            case Object[] a when mayNest -> canonicalList(name, List.of(a));
            case Collection<?> c when mayNest -> canonicalList(name, c);
            default ->
                throw new IllegalArgumentException(
                        "counter '%s' must be a number, a string, a boolean, or one list or struct of them; got %s"
                                .formatted(name, WireValues.describe(value)));
        };
    }

    private static List<Object> canonicalList(String name, Collection<?> items) {
        List<Object> out = new ArrayList<>(items.size());
        int i = 0;
        for (Object item : items) {
            out.add(canonical(name + "[" + i++ + "]", item, false));
        }
        return Collections.unmodifiableList(out);
    }
}
