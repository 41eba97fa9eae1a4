package org.flowstream.contracts.element;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an element class is, for everyone who is not running it: its name, ports, configuration keywords,
 * state, counters, primitives and description. Declared on the class with {@link Signature}; sent between
 * daemons as a struct ({@link #toStruct}, {@link #fromStruct}) with these field names.
 */
public record ElementSignature(
        String className,
        PortSpec ports,
        List<Keyword> keywords,
        StateKind state,
        List<String> counters,
        List<String> primitives,
        String description) {

    /**
     * Jackson, loaded only when a signature crosses a daemon: a PM process reads signatures to check its ports
     * and has no Jackson on its class path.
     */
    private static final class Structs {
        static final ObjectMapper MAPPER =
                new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public ElementSignature {
        if (className == null || className.isBlank()) {
            throw new IllegalArgumentException("an element signature needs a class name");
        }
        ports = ports == null ? PortSpec.ONE_TO_ONE : ports;
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        state = state == null ? StateKind.NONE : state;
        counters = counters == null ? List.of() : List.copyOf(counters);
        primitives = primitives == null ? List.of() : List.copyOf(primitives);
        description = description == null ? "" : description;
    }

    /**
     * The signature {@code type} declares with {@link Signature}, named by its simple name. Reads the
     * annotation only: no instance is made and no static initializer runs.
     *
     * @throws IllegalArgumentException when the declared port spec is not Click's notation
     */
    public static Optional<ElementSignature> declaredBy(Class<?> type) {
        Signature declared = type.getAnnotation(Signature.class);
        if (declared == null) {
            return Optional.empty();
        }
        List<Keyword> keywords = Arrays.stream(declared.keywords())
                .map(k -> new Keyword(k.name(), k.type(), k.required(), k.defaultValue(), k.meaning()))
                .toList();
        return Optional.of(new ElementSignature(
                type.getSimpleName(),
                PortSpec.parse(declared.ports()),
                keywords,
                declared.state(),
                List.of(declared.counters()),
                List.of(declared.primitives()),
                declared.description()));
    }

    /** The usage line Click's pages start with: {@code IPRewriter(EXTERNAL, PORTS)}, {@code Counter()}. */
    public String usage() {
        return className
                + keywords.stream()
                        .map(k -> k.required() ? k.name() : "[" + k.name() + "]")
                        .reduce((a, b) -> a + ", " + b)
                        .map(args -> "(" + args + ")")
                        .orElse("()");
    }

    /** The XML-RPC struct: the record's fields by name, ports in Click's notation, keywords as structs. */
    public Map<String, Object> toStruct() {
        return Structs.MAPPER.convertValue(this, new TypeReference<Map<String, Object>>() {});
    }

    /**
     * Reads {@link #toStruct}'s form (lists may arrive as arrays, as XML-RPC delivers them).
     *
     * @throws IllegalArgumentException saying what was wrong, in words
     */
    public static ElementSignature fromStruct(Object struct) {
        try {
            return Structs.MAPPER.convertValue(struct, ElementSignature.class);
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
