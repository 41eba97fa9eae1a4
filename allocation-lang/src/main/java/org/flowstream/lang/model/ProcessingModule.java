package org.flowstream.lang.model;

import java.util.List;

/**
 * A PM instance to run on a module host.
 *
 * @param name       flattened name, compound instances joined with '/' ({@code outer/inner})
 * @param className  the catalogue class
 * @param configArgs its configuration arguments, unquoted
 * @param cpuCores   CPU cores it needs (fractional), from the request or the catalogue default
 * @param memoryMb   memory in MB it needs, from the request or the catalogue default
 * @param inputs     number of input ports in use
 * @param outputs    number of output ports in use
 */
public record ProcessingModule(
        String name,
        String className,
        List<String> configArgs,
        double cpuCores,
        long memoryMb,
        int inputs,
        int outputs) {
    public ProcessingModule {
        configArgs = List.copyOf(configArgs);
    }
}
