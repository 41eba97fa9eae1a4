package org.flowstream.tasks.resource;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.contracts.records.resource.HostListing;
import org.flowstream.resource.ResourceDaemon;

/** list_hosts() → the registered module hosts, with capacity and whether they are up (operators). */
public class ListHosts implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) {
        return ReturnValue.success(context.daemon(ResourceDaemon.class).hosts().all().stream()
                .map(h -> new HostListing(
                        h.name(),
                        h.url(),
                        h.cpuCores(),
                        h.memoryMb(),
                        h.switchPorts(),
                        h.baseSystems(),
                        h.up(),
                        h.lastSeenMillis()))
                .toList());
    }

    @Override
    public Role requiredRole() {
        return Role.SERVICE;
    }
}
