package org.flowstream.openflow.rpc;

import java.util.LinkedHashMap;
import java.util.Map;
import org.flowstream.contracts.net.Ipv4Prefix;

/**
 * Reads per-prefix counts as module hosts and software paths report them: a struct (or JSON object)
 * {"10.1.2.0/24": 1234, ...}. Every key must be a prefix without host bits, every value a number &gt;= 0.
 */
public final class PrefixCounts {

    private PrefixCounts() {}

    public static Map<Ipv4Prefix, Double> parse(Object value, String name) {
        Map<?, ?> raw;
        if (value instanceof Map<?, ?> m) {
            raw = m;
        } else if (value instanceof String text) {
            raw = JsonRequest.struct(text, name);
        } else {
            throw new IllegalArgumentException("%s must be a struct {\"a.b.c.d/len\": count}, got %s"
                    .formatted(
                            name, value == null ? "nothing" : value.getClass().getSimpleName()));
        }
        Map<Ipv4Prefix, Double> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            Ipv4Prefix p;
            try {
                p = Ipv4Prefix.parse(String.valueOf(k).trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("%s: bad prefix '%s' (%s); write a.b.c.d/len without host bits"
                        .formatted(name, k, e.getMessage()));
            }
            if (!(v instanceof Number n) || !(n.doubleValue() >= 0) || Double.isInfinite(n.doubleValue())) {
                throw new IllegalArgumentException(
                        "%s: the count of %s must be a number >= 0, got %s".formatted(name, k, v));
            }
            if (out.put(p, n.doubleValue()) != null) {
                throw new IllegalArgumentException("%s: prefix %s is given twice".formatted(name, p));
            }
        });
        return out;
    }
}
