package org.flowstream.contracts.element;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The module host's built-in element library as signatures, for those who do not run it (the allocation
 * language's built-in catalogue, {@code lang check} offline). The list is generated from the elements'
 * {@link Signature} declarations ({@code bin/flowstream elements --json}) and checked in beside this class; a
 * test in the module host fails when it differs from the declarations.
 */
public final class BuiltInSignatures {

    /** Where the list is, on the class path. */
    public static final String RESOURCE = "/org/flowstream/contracts/element/built-in-elements.json";

    private static final List<ElementSignature> ALL = load();

    private BuiltInSignatures() {}

    /** Every built-in element's signature, in the library's order. */
    public static List<ElementSignature> all() {
        return ALL;
    }

    private static List<ElementSignature> load() {
        try (InputStream in = BuiltInSignatures.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the contracts module");
            }
            List<Map<String, Object>> structs = new ObjectMapper().readValue(in, new TypeReference<>() {});
            return structs.stream().map(ElementSignature::fromStruct).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
