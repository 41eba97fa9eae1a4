package org.flowstream.resource.hosts;

import org.flowstream.common.rpc.BadParameterException;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.HostRegistration;

/**
 * What a module host sends with register_host ({@link HostRegistration}), as the resource daemon keeps it. The PM
 * types it runs do not travel with it: the resource daemon reads them from the host's get_pm_info.
 */
public final class Registration {

    private Registration() {}

    /** The host register_host's struct announces; a refusal in words when it is not one. */
    public static ModuleHost parse(Object param) {
        HostRegistration host = Structs.fromStruct(param, HostRegistration.class);
        if (host.cpuCores() <= 0 || host.memoryMb() <= 0) {
            throw new BadParameterException("host.cpu_cores and host.memory_mb must be positive");
        }
        return new ModuleHost(
                host.name(),
                host.url(),
                host.cpuCores(),
                host.memoryMb(),
                host.switchPorts(),
                host.basesys(),
                true,
                System.currentTimeMillis());
    }
}
