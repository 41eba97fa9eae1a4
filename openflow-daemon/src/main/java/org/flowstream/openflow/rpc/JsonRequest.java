package org.flowstream.openflow.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.flowstream.contracts.records.Structs;

/**
 * Reads a command's request, an XML-RPC struct or the same as a JSON object's text (handy from a shell), into
 * its contract record. Both forms go through {@link Structs}, the one strict reader: a missing, unknown or
 * mistyped key is refused naming the key.
 */
public final class JsonRequest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonRequest() {}

    /** {@code value} (a struct, or its JSON text) read as the record {@code type}. */
    public static <T> T parse(Object value, Class<T> type, String what) {
        return Structs.fromStruct(struct(value, what), type);
    }

    /** {@code value} as a struct: the struct itself, or the JSON object its text holds. */
    public static Map<?, ?> struct(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        if (value instanceof String text) {
            try {
                if (JSON.readTree(text) instanceof ObjectNode object) {
                    return JSON.convertValue(object, Map.class);
                }
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("%s is not valid JSON: %s"
                        .formatted(
                                what, e.getOriginalMessage().lines().findFirst().orElse("")));
            }
        }
        throw new IllegalArgumentException("%s must be a struct (or its JSON text), got %s"
                .formatted(what, value == null ? "nothing" : value.getClass().getSimpleName()));
    }
}
