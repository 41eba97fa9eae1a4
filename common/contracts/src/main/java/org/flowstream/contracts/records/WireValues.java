package org.flowstream.contracts.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values plain XML-RPC can carry, so that any client (Python's xmlrpc.client included) reads every
 * message without the Apache extensions: int, boolean, string, double, dateTime, base64, struct and array.
 * There is no nil (an absent struct member says "none") and no i8 (a long past 32 bits travels as a double).
 */
public final class WireValues {

    /** Beans and records that are not contract records keep their Java property names (the old behaviour). */
    private static final ObjectMapper BEANS =
            JsonMapper.builder().findAndAddModules().build();

    private WireValues() {}

    /** {@code value} as XML-RPC values: records of this package become structs with snake_case keys. */
    public static Object toWire(Object value) {
        return switch (value) {
            case null -> "";
            case String s -> s;
            case Integer i -> i;
            case Boolean b -> b;
            case Double d -> d;
            case Date d -> d;
            case byte[] b -> b;
            case Long l ->
                l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (Object) l.intValue() : (Object) l.doubleValue();
            case Short s -> s.intValue();
            case Byte b -> b.intValue();
            case Number n -> n.doubleValue();
            case Enum<?> e -> e.name().toLowerCase();
            case CharSequence s -> s.toString();
            case Character c -> c.toString();
            case Map<?, ?> map -> struct(map);
            case Collection<?> items -> array(items);
            default -> other(value);
        };
    }

    private static Map<String, Object> struct(Map<?, ?> map) {
        Map<String, Object> struct = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v != null) { // no nil in plain XML-RPC: an absent member says the same
                struct.put(String.valueOf(k), toWire(v));
            }
        });
        return struct;
    }

    private static Object[] array(Collection<?> items) {
        List<Object> array = new ArrayList<>(items.size());
        items.forEach(item -> array.add(toWire(item)));
        return array.toArray();
    }

    private static Object other(Object value) {
        if (value.getClass().isArray()) {
            Object[] array = new Object[Array.getLength(value)];
            for (int i = 0; i < array.length; i++) {
                array[i] = toWire(Array.get(value, i));
            }
            return array;
        }
        if (Structs.isMessage(value.getClass())) {
            return Structs.toStruct(value);
        }
        return toWire(BEANS.convertValue(value, Map.class));
    }

    /** What a value is, in XML-RPC's words, for error messages ("the string \"7\"", "a struct"). */
    public static String describe(Object value) {
        return switch (value) {
            case null -> "nothing";
            case String s -> "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
            case Integer i -> "the int " + i;
            case Double d -> "the double " + d;
            case Boolean b -> "the boolean " + b;
            case Map<?, ?> m -> "a struct";
            case Object[] a -> "an array";
            case List<?> l -> "an array";
            case byte[] b -> "base64 data";
            case Long l -> "the i8 " + l;
            case Float f -> "the float " + f;
            case Date d -> "a dateTime";
            default -> "a value of another XML-RPC type";
        };
    }
}
