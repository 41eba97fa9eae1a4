package org.flowstream.lang.catalogue;

import java.util.List;
import java.util.Optional;
import org.flowstream.contracts.element.Keyword;
import org.flowstream.contracts.element.PortCount;

/**
 * What the platform knows about one processing-module class: its ports, the resources an
 * instance needs unless the request says otherwise (§3.2.2: CPU cores, possibly fractional,
 * and memory) and, when its signature declares them, the configuration keywords it takes.
 *
 * @param keywords the configuration arguments its signature declares (none: it takes no configuration);
 *     null when the platform does not know them, and then a request's configuration is not checked
 */
public record PmType(
        String className,
        PortCount inputs,
        PortCount outputs,
        double defaultCpuCores,
        long defaultMemoryMb,
        String description,
        List<Keyword> keywords) {

    /**
     * What an instance needs unless the request says otherwise, for a type whose catalogue gives nothing
     * else: a PM is a small JVM. The built-in catalogue and the resource daemon's both use it.
     */
    public static final double DEFAULT_CPU_CORES = 0.25;

    public static final long DEFAULT_MEMORY_MB = 256;

    public PmType {
        if (defaultCpuCores < 0 || defaultMemoryMb < 0) {
            throw new IllegalArgumentException("negative resources for " + className);
        }
        keywords = keywords == null ? null : List.copyOf(keywords);
    }

    /** A type whose configuration keywords are not known: configurations of it are not checked. */
    public PmType(
            String className,
            PortCount inputs,
            PortCount outputs,
            double defaultCpuCores,
            long defaultMemoryMb,
            String description) {
        this(className, inputs, outputs, defaultCpuCores, defaultMemoryMb, description, null);
    }

    /** The configuration arguments it takes, when its signature declares them. */
    public Optional<List<Keyword>> declaredKeywords() {
        return Optional.ofNullable(keywords);
    }
}
