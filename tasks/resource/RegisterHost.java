package org.flowstream.tasks.resource;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.resource.ResourceDaemon;
import org.flowstream.resource.hosts.ModuleHost;
import org.flowstream.resource.hosts.Registration;
import org.flowstream.resource.pmtypes.PmTypeRecord;

/**
 * register_host(host: struct): a module host announces itself, its capacity and base systems (see Registration);
 * the PM types it runs are read from its get_pm_info. The host's degraded allocations, if any, are brought back;
 * PMs it still runs that no allocation claims (moved off it while it was away) are removed.
 */
public class RegisterHost implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) throws Exception {
        ResourceDaemon daemon = context.daemon(ResourceDaemon.class);
        ModuleHost host = Registration.parse(param);
        for (PmTypeRecord type : daemon.moduleHosts().pmTypes(host)) {
            if (daemon.catalogue()
                    .record(type.name())
                    .map(PmTypeRecord::deployed)
                    .orElse(false)) {
                continue; // a deployed type's record (with its source) wins over a host's report of it
            }
            daemon.catalogue().put(type);
        }
        daemon.hosts().register(host);
        daemon.deployer().catchUp(host);
        daemon.recovery().hostReturned(host.name(), daemon.systemContext());
        return ReturnValue.success("module host %s registered".formatted(host.name()), null);
    }

    @Override
    public Role requiredRole() {
        return Role.SERVICE;
    }
}
