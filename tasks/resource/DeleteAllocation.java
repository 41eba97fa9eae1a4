package org.flowstream.tasks.resource;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.resource.ResourceDaemon;

/** delete_allocation(alloc_id: int): removes an allocation's rules, PMs and capacity (§2.1.1). */
public class DeleteAllocation implements Command {

    /** Who may call: tenant-facing: only the owner (or an operator) finds the allocation. */
    @Override
    public Role requiredRole() {
        return Role.TENANT;
    }

    @Override
    public ReturnValue run(Object param, CallContext context) throws Exception {
        return context.daemon(ResourceDaemon.class).allocations().delete(Params.integer(param, "alloc_id"), context);
    }
}
