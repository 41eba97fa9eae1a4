package org.flowstream.tasks.resource;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.resource.ResourceDaemon;

/** list_hosts() → the registered module hosts, with capacity and whether they are up (operators). */
public class ListHosts implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) {
        return ReturnValue.success(context.daemon(ResourceDaemon.class).hosts().all());
    }

    @Override
    public Role requiredRole() {
        return Role.SERVICE;
    }
}
