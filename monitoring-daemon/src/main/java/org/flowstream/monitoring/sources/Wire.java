package org.flowstream.monitoring.sources;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Lenient reading of other daemons' answers. Plain XML-RPC has 32-bit ints only, so a counter past 2^31 comes
 * as a double (see XmlRpcValues); some answers carry numbers as strings. A missing field reads as zero or "",
 * because a daemon that adds or drops a field must not blind the monitoring of everything else.
 */
final class Wire {

    private Wire() {}

    static long count(Map<?, ?> struct, String key) {
        return count(struct.get(key));
    }

    static long count(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s && s.matches("-?\\d{1,18}")) {
            return Long.parseLong(s);
        }
        return 0;
    }

    static double number(Map<?, ?> struct, String key) {
        Object value = struct.get(key);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    static String text(Map<?, ?> struct, String key) {
        Object value = struct.get(key);
        return value == null ? "" : value.toString();
    }

    static boolean flag(Map<?, ?> struct, String key, boolean otherwise) {
        return struct.get(key) instanceof Boolean b ? b : otherwise;
    }

    static List<?> list(Object value) {
        if (value instanceof Object[] array) {
            return Arrays.asList(array);
        }
        if (value instanceof List<?> l) {
            return l;
        }
        return List.of();
    }

    static Map<?, ?> struct(Object value) {
        return value instanceof Map<?, ?> m ? m : Map.of();
    }
}
