package org.flowstream.tasks.resource;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.HostLoad;
import org.flowstream.resource.ResourceDaemon;

/**
 * host_heartbeat(load): a module host is alive; {@code load} is its get_load answer ({@link HostLoad}), whose "host" names it.
 * An unknown host is told to register; the host's degraded allocations are brought back, and a host that was
 * marked down loses the PMs no allocation claims any more.
 */
public class HostHeartbeat implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) throws Exception {
        String name = Structs.fromStruct(param, HostLoad.class).host();
        ResourceDaemon daemon = context.daemon(ResourceDaemon.class);
        switch (daemon.hosts().heartbeat(name)) {
            case UNKNOWN -> {
                return ReturnValue.failure(
                        "module host %s is not registered; call register_host first".formatted(name));
            }
            case RETURNED -> daemon.recovery().hostReturned(name, daemon.systemContext());
            case ALIVE -> daemon.recovery().hostBack(name, daemon.systemContext());
        }
        return ReturnValue.success();
    }

    @Override
    public Role requiredRole() {
        return Role.SERVICE;
    }
}
