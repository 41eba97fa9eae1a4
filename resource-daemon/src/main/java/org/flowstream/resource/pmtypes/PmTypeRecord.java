package org.flowstream.resource.pmtypes;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowstream.contracts.element.BuiltInSignatures;
import org.flowstream.contracts.element.ElementSignature;
import org.flowstream.contracts.element.Keyword;
import org.flowstream.contracts.element.PortCount;
import org.flowstream.lang.catalogue.PmType;

/**
 * A PM type the platform offers (§2.1.1 get_pm_info): its description and primitives, its ports and default
 * resources, and, for types deployed with deploy_pm, the Java source the module hosts compile.
 */
public record PmTypeRecord(
        String name,
        String description,
        Map<String, Object> primitives,
        PortCount inputs,
        PortCount outputs,
        double cpuCores,
        long memoryMb,
        String source) {
    public PmTypeRecord {
        primitives = Map.copyOf(primitives);
        source = source == null ? "" : source;
        description = description == null ? "" : description;
    }

    public boolean deployed() {
        return !source.isEmpty();
    }

    /**
     * The element signature stored with this type: the {@code signature} entry of its primitives, as the module
     * hosts' get_pm_info carries it (for a deployed type, the signature the compiling host read from the class),
     * persisted with the record by the state store. Empty for a record stored before signatures travelled.
     */
    public Optional<ElementSignature> signature() {
        Object struct = primitives.get("signature");
        if (struct == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ElementSignature.fromStruct(struct));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The allocation language's view: ports and default resources, and the configuration keywords of its
     * signature, so that install_allocation and check_allocation check a request's configurations of this type,
     * deployed types included, before anything starts. A built-in type stored without a signature takes the
     * built-in library's; a type with no known signature is not checked (keywords null).
     */
    public PmType toLanguageType() {
        List<Keyword> keywords = signature()
                .or(() -> deployed()
                        ? Optional.empty()
                        : BuiltInSignatures.all().stream()
                                .filter(builtIn -> builtIn.className().equals(name))
                                .findFirst())
                .map(ElementSignature::keywords)
                .orElse(null);
        return new PmType(name, inputs, outputs, cpuCores, memoryMb, description, keywords);
    }
}
