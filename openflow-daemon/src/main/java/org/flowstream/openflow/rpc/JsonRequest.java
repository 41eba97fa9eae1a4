package org.flowstream.openflow.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a command's request (an XML-RPC struct, or the same as a JSON string from a shell) into a typed
 * record with Jackson, and turns Jackson's complaints into one line naming the key that was wrong.
 */
public final class JsonRequest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private JsonRequest() {}

    public static <T> T parse(Object value, Class<T> type, String what) {
        try {
            if (value instanceof String text) {
                return JSON.readValue(text, type);
            }
            if (value instanceof Map<?, ?>) {
                return JSON.convertValue(value, type);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    what + ": " + explain(e.getCause() instanceof JsonMappingException m ? m : null, e), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    what + ": " + explain(e instanceof JsonMappingException m ? m : null, e), e);
        }
        throw new IllegalArgumentException(what + " must be a struct (or its JSON text), got "
                + (value == null ? "nothing" : value.getClass().getSimpleName()));
    }

    private static String explain(JsonMappingException e, Exception outer) {
        if (e == null) {
            return outer.getMessage() == null
                    ? outer.toString()
                    : outer.getMessage().lines().findFirst().orElse("");
        }
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown key '%s' (known: %s)"
                    .formatted(
                            path,
                            u.getKnownPropertyIds().stream()
                                    .map(String::valueOf)
                                    .sorted()
                                    .collect(Collectors.joining(", ")));
        }
        String reason = e.getOriginalMessage() == null
                ? ""
                : e.getOriginalMessage().lines().findFirst().orElse("");
        return path.isEmpty() ? reason : "key '%s': %s".formatted(path, reason);
    }
}
