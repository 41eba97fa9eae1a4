package org.flowstream.tasks.resource;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.resource.ResourceDaemon;

/**
 * remove_tenant(name): forgets a tenant added with add_tenant (operators); its next request is refused. A
 * tenant that still holds allocations is not removed: delete them first.
 */
public class RemoveTenant implements Command {

    @Override
    public Role requiredRole() {
        return Role.OPERATOR;
    }

    @Override
    public ReturnValue run(Object param, CallContext context) throws Exception {
        String name = Params.string(Params.list(param, 1, "name").get(0), "name");
        context.daemon(ResourceDaemon.class).tenants().remove(name);
        return ReturnValue.success("tenant %s removed".formatted(name), null);
    }

    @Override
    public String description() {
        return "remove_tenant(name); operators only; refused while the tenant holds allocations";
    }
}
