package org.flowstream.tasks.resource;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.resource.ResourceDaemon;

/**
 * install_allocation(alloc: string) → allocation id (§2.1.1). Answers at once: CODE_NOT_READY with the id
 * while a high-priority task installs it, or CODE_FAILURE for a request that cannot parse or exceeds the quota.
 */
public class InstallAllocation implements Command {

    /** Who may call: tenant-facing: the allocation is the caller's own. */
    @Override
    public Role requiredRole() {
        return Role.TENANT;
    }

    @Override
    public ReturnValue run(Object param, CallContext context) throws Exception {
        String request = Params.string(param, "alloc");
        return context.daemon(ResourceDaemon.class).allocations().install(request, context);
    }

    @Override
    public String description() {
        return "install_allocation(alloc: string) -> allocation id; poll get_allocation(id)";
    }
}
