package org.flowstream.resource.pmtypes;

import java.util.List;
import java.util.Map;
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
     * The allocation language's view: ports and default resources, and, for a built-in element, the
     * configuration keywords of its signature, for checking requests. A deployed type's keywords are not kept
     * in this record, so its configurations are checked by the module host only, when the PM starts.
     */
    public PmType toLanguageType() {
        List<Keyword> keywords = deployed()
                ? null
                : BuiltInSignatures.all().stream()
                        .filter(signature -> signature.className().equals(name))
                        .findFirst()
                        .map(ElementSignature::keywords)
                        .orElse(null);
        return new PmType(name, inputs, outputs, cpuCores, memoryMb, description, keywords);
    }
}
