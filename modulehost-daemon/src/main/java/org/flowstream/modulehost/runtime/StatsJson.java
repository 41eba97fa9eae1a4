package org.flowstream.modulehost.runtime;

import java.util.Collection;
import java.util.Map;

/**
 * The stats file's JSON, written without a JSON library: the PM runtime writes only maps, lists, strings,
 * numbers and booleans, and loading Jackson into every PM costs about 12 MB of resident memory (measured with
 * the PM's JVM options), a quarter of a PM's budget. The daemon reads the file with Jackson. Anything else an
 * element reports is written as its string form.
 */
final class StatsJson {

    private StatsJson() {}

    static String write(Object value) {
        StringBuilder out = new StringBuilder(256);
        append(out, value);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case Boolean b -> out.append(b);
            case Double d when d.isNaN() || d.isInfinite() -> out.append("null"); // JSON has no NaN or infinity
            case Float f when f.isNaN() || f.isInfinite() -> out.append("null");
            case Number n -> out.append(n);
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    out.append(first ? "" : ",");
                    first = false;
                    string(out, String.valueOf(e.getKey()));
                    out.append(':');
                    append(out, e.getValue());
                }
                out.append('}');
            }
            case Collection<?> list -> {
                out.append('[');
                boolean first = true;
                for (Object item : list) {
                    out.append(first ? "" : ",");
                    first = false;
                    append(out, item);
                }
                out.append(']');
            }
            case long[] longs ->
                append(out, java.util.Arrays.stream(longs).boxed().toList());
            case int[] ints -> append(out, java.util.Arrays.stream(ints).boxed().toList());
            case Object[] objects -> append(out, java.util.Arrays.asList(objects));
            default -> string(out, value.toString());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u%04x".formatted((int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
