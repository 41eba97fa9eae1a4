package org.flowstream.modulehost.deploy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.flowstream.common.hotpatch.GenerationClassLoader;
import org.flowstream.contracts.element.ElementSignature;
import org.flowstream.contracts.element.Keyword;
import org.flowstream.contracts.element.PortSpec;
import org.flowstream.contracts.element.StateKind;
import org.flowstream.modulehost.runtime.Element;
import org.flowstream.modulehost.runtime.ElementInfo;

/**
 * The signature of a freshly compiled deployed element, read from its class files. The class is defined in a
 * throw-away loader and never initialized: reading an annotation runs none of the tenant's code (no static
 * initializer, no constructor), and the loader is dropped afterwards, so the daemon keeps no deployed class.
 */
final class DeployedSignature {

    /**
     * What a class written before signatures takes: any arguments, which its own configure(List) reads (the
     * runtime hands such a class its raw arguments), so the platform's checks let them through.
     */
    static final Keyword ANY_ARGUMENTS = new Keyword(
            "ARGUMENT...", "text", false, "", "read by the element itself (its source declares no @Signature)", true);

    private DeployedSignature() {}

    /**
     * @param classes the compiled classes by binary name, {@code className} among them
     * @throws IllegalArgumentException when the declared signature is malformed (its port spec), in words
     */
    static ElementSignature read(String name, String className, Map<String, byte[]> classes) {
        Class<?> type;
        try {
            type = Class.forName(
                    className,
                    false,
                    new GenerationClassLoader("signature-reader", classes, Element.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(
                    "%s compiled but its class cannot be read: %s".formatted(name, e.getMessage()));
        }
        return ElementSignature.declaredBy(type)
                .map(s -> rename(s, name))
                .orElseGet(() -> fromOldDescription(name, type));
    }

    /** A source written before signatures: its {@code @ElementInfo} text, if any, with the old default ports. */
    @SuppressWarnings("deprecation")
    private static ElementSignature fromOldDescription(String name, Class<?> type) {
        ElementInfo info = type.getAnnotation(ElementInfo.class);
        String description = info == null ? "deployed element (its source declares no @Signature)" : info.description();
        List<String> primitives = info == null ? List.of() : Arrays.asList(info.primitives());
        StateKind state = info == null ? StateKind.NONE : StateKind.of(info.state());
        return new ElementSignature(
                name, PortSpec.ONE_TO_ONE, List.of(ANY_ARGUMENTS), state, List.of(), primitives, description);
    }

    private static ElementSignature rename(ElementSignature s, String name) {
        return new ElementSignature(
                name, s.ports(), s.keywords(), s.state(), s.counters(), s.primitives(), s.description());
    }
}
