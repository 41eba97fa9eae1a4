package org.flowstream.contracts.element;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
                .map(k -> new Keyword(k.name(), k.type(), k.required(), k.defaultValue(), k.meaning(), k.positional()))
                .toList();
        return Optional.of(new ElementSignature(
                type.getSimpleName(),
                PortSpec.parse(declared.ports()),
                keywords,
                declared.state(),
                withImplied(declared.counters(), declared.state()),
                List.of(declared.primitives()),
                declared.description()));
    }

    /** The counters a class declares, then those its kind of state implies (a flow gate's), each once. */
    private static List<String> withImplied(String[] declared, StateKind state) {
        Set<String> counters = new LinkedHashSet<>(Arrays.asList(declared));
        counters.addAll(state.impliedCounters());
        return List.copyOf(counters);
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
        return SignatureStructs.toStruct(this);
    }

    /**
     * Reads {@link #toStruct}'s form (lists may arrive as arrays, as XML-RPC delivers them).
     *
     * @throws IllegalArgumentException saying what was wrong, in words
     */
    public static ElementSignature fromStruct(Object struct) {
        return SignatureStructs.fromStruct(struct);
    }
}
