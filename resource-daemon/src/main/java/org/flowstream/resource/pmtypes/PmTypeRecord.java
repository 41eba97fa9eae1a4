package org.flowstream.resource.pmtypes;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowstream.contracts.element.BuiltInSignatures;
import org.flowstream.contracts.element.ElementSignature;
import org.flowstream.contracts.element.Keyword;
import org.flowstream.contracts.element.PortCount;
import org.flowstream.contracts.element.PortSpec;
import org.flowstream.contracts.records.modulehost.PmTypeInfo;
import org.flowstream.lang.catalogue.PmType;

/**
 * A PM type the platform offers (§2.1.1 get_pm_info): its description and what the module hosts said of it in
 * their get_pm_info ({@link PmTypeInfo}, kept as they sent it), its ports and default resources, and, for types
 * deployed with deploy_pm, the Java source the module hosts compile.
 */
public record PmTypeRecord(
        String name,
        String description,
        PmTypeInfo info,
        PortCount inputs,
        PortCount outputs,
        double cpuCores,
        long memoryMb,
        String source) {
    public PmTypeRecord {
        source = source == null ? "" : source;
        description = description == null ? "" : description;
    }

    public boolean deployed() {
        return !source.isEmpty();
    }

    /**
     * The element signature stored with this type, as the module hosts' get_pm_info carries it (for a deployed type,
     * the signature the compiling host read from the class), persisted with the record by the state store. Empty
     * for a record stored before signatures travelled ({@link #withoutSignature}).
     */
    public Optional<ElementSignature> signature() {
        try {
            return Optional.of(ElementSignature.fromStruct(info.signature()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * What get_pm_info answers tenants for this type: what the module hosts said of it, with the size the platform
     * gives a PM of it unless a request says otherwise.
     */
    public PmTypeInfo answer() {
        return info.sized(cpuCores, memoryMb);
    }

    /**
     * The get_pm_info struct of a type stored before signatures travelled with it: its name, ports and whether it was
     * deployed, an empty signature (so {@link #signature} is empty and the language does not check its configuration
     * unless it is built in).
     */
    public static PmTypeInfo withoutSignature(String name, PortCount inputs, PortCount outputs, boolean deployed) {
        return new PmTypeInfo(
                name, "none", new PortSpec(inputs, outputs).toString(), deployed, null, Map.of(), null, null, null);
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
