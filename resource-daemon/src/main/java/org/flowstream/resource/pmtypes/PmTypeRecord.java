package org.flowstream.resource.pmtypes;

import java.util.Map;
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

    /** The allocation language's view: ports and default resources, for checking requests. */
    public PmType toLanguageType() {
        return new PmType(name, inputs, outputs, cpuCores, memoryMb, description);
    }
}
