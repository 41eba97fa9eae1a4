package org.flowstream.lang.catalogue;

import org.flowstream.contracts.element.PortCount;

/**
 * What the platform knows about one processing-module class: its ports and the resources an
 * instance needs unless the request says otherwise (§3.2.2: CPU cores, possibly fractional,
 * and memory).
 */
public record PmType(
        String className,
        PortCount inputs,
        PortCount outputs,
        double defaultCpuCores,
        long defaultMemoryMb,
        String description) {

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
    }
}
