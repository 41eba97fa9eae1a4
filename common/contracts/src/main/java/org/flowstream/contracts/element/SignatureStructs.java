package org.flowstream.contracts.element;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * Signatures to and from XML-RPC structs, with Jackson. Kept out of {@link ElementSignature} itself: a PM
 * process reads signatures to check its ports and has no Jackson on its class path, so nothing Jackson may be
 * needed to load that record.
 */
final class SignatureStructs {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private SignatureStructs() {}

    static Map<String, Object> toStruct(ElementSignature signature) {
        return MAPPER.convertValue(signature, new TypeReference<Map<String, Object>>() {});
    }

    static ElementSignature fromStruct(Object struct) {
        try {
            return MAPPER.convertValue(struct, ElementSignature.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an element signature: " + reason(e), e);
        }
    }

    /** Our own words where a check of ours failed, else which field had the wrong shape (never a class name). */
    private static String reason(IllegalArgumentException e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof IllegalArgumentException && cause != e) {
            return cause.getMessage();
        }
        if (e.getCause() instanceof JsonMappingException mapping
                && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> a + "." + b)
                    .orElse("");
            return "field '%s' has the wrong shape".formatted(field);
        }
        return "it is not a struct of className, ports, keywords, state, counters, primitives, description";
    }
}
