package org.flowstream.lang.catalogue;

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

    public PmType {
        if (defaultCpuCores < 0 || defaultMemoryMb < 0) {
            throw new IllegalArgumentException("negative resources for " + className);
        }
    }
}
