package org.flowstream.common.rpc;

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
 * Turns Java values into the types plain XML-RPC can carry, so that any client (Python's xmlrpc.client
 * included) can read every answer without the Apache extensions: int, boolean, string, double,
 * dateTime, base64, struct and array. Records and beans become structs through Jackson.
 */
public final class XmlRpcValues {

    private static final ObjectMapper MAPPER =
            JsonMapper.builder().findAndAddModules().build();

    private XmlRpcValues() {}

    public static Object toWire(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String
                || value instanceof Integer
                || value instanceof Boolean
                || value instanceof Double
                || value instanceof Date
                || value instanceof byte[]) {
            return value;
        }
        if (value instanceof Long l) {
            // i8 is an Apache extension; plain XML-RPC has 32-bit ints only.
            return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (Object) l.intValue() : (Object) l.doubleValue();
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase();
        }
        if (value instanceof CharSequence || value instanceof Character) {
            return value.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> struct = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (v != null) { // plain XML-RPC has no nil: an absent member says the same
                    struct.put(String.valueOf(k), toWire(v));
                }
            });
            return struct;
        }
        if (value instanceof Collection<?> items) {
            List<Object> array = new ArrayList<>(items.size());
            items.forEach(item -> array.add(toWire(item)));
            return array.toArray();
        }
        if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            Object[] array = new Object[length];
            for (int i = 0; i < length; i++) {
                array[i] = toWire(Array.get(value, i));
            }
            return array;
        }
        return toWire(MAPPER.convertValue(value, Map.class));
    }
}
