package org.flowstream.tasks.resource;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.resource.ResourceDaemon;
import org.flowstream.resource.hosts.Registration;
import org.flowstream.resource.pmtypes.PmTypeRecord;

/**
 * register_host(host: struct): a module host announces itself, its capacity, base systems and PM types
 * (see Registration). The host's degraded allocations, if any, are brought back; PMs it still runs that no
 * allocation claims (moved off it while it was away) are removed.
 */
public class RegisterHost implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) throws Exception {
        ResourceDaemon daemon = context.daemon(ResourceDaemon.class);
        Registration registration = Registration.parse(param);
        // A host may list its PM types; otherwise they are read from its get_pm_info.
        var types = registration.pmTypes().isEmpty()
                ? daemon.moduleHosts().pmTypes(registration.host())
                : registration.pmTypes();
        for (PmTypeRecord type : types) {
            if (daemon.catalogue()
                    .record(type.name())
                    .map(PmTypeRecord::deployed)
                    .orElse(false)) {
                continue; // a deployed type's record (with its source) wins over a host's report of it
            }
            daemon.catalogue().put(type);
        }
        daemon.hosts().register(registration.host());
        daemon.deployer().catchUp(registration.host());
        daemon.recovery().hostReturned(registration.host().name(), daemon.systemContext());
        return ReturnValue.success(
                "module host %s registered".formatted(registration.host().name()), null);
    }

    @Override
    public Role requiredRole() {
        return Role.SERVICE;
    }
}
