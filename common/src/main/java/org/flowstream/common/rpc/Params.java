package org.flowstream.common.rpc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.records.WireValues;

/**
 * Typed access to a call's packed parameter, with the errors a caller can act on ("alloc_id must be an
 * int, got the string "7""). XML-RPC arrays arrive as Object[]; they are handed out as lists.
 */
public final class Params {

    private Params() {}

    /** The call's parameters as given: none is an empty list, one stays one, several are a list. */
    public static List<Object> list(Object param, int expected, String... names) {
        List<Object> values = param == null
                ? List.of()
                : param instanceof List<?> l && expected != 1
                        ? new ArrayList<>(l)
                        : param instanceof Object[] a && expected != 1 ? Arrays.asList(a) : List.of(param);
        if (values.size() != expected) {
            throw new BadParameterException("expected %d parameter%s (%s), got %d"
                    .formatted(expected, expected == 1 ? "" : "s", String.join(", ", names), values.size()));
        }
        return values;
    }

    public static String string(Object value, String name) {
        if (value instanceof String s) {
            return s;
        }
        throw wrongType(name, "a string", value);
    }

    public static int integer(Object value, String name) {
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof String s && s.matches("-?\\d{1,9}")) {
            return Integer.parseInt(s); // some shells only send strings; a numeric string is unambiguous
        }
        throw wrongType(name, "an int", value);
    }

    public static double number(Object value, String name) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw wrongType(name, "a number", value);
    }

    public static boolean bool(Object value, String name) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw wrongType(name, "a boolean", value);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> struct(Object value, String name) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<Object, Object>) map).forEach((k, v) -> copy.put(String.valueOf(k), v));
            return copy;
        }
        throw wrongType(name, "a struct", value);
    }

    public static List<Object> array(Object value, String name) {
        if (value instanceof Object[] a) {
            return Arrays.asList(a);
        }
        if (value instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        throw wrongType(name, "an array", value);
    }

    private static BadParameterException wrongType(String name, String expected, Object value) {
        return new BadParameterException("%s must be %s, got %s".formatted(name, expected, describe(value)));
    }

    static String describe(Object value) {
        return WireValues.describe(value);
    }
}
