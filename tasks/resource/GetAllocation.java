package org.flowstream.tasks.resource;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.resource.ResourceDaemon;

/**
 * get_allocation(alloc_id: int) → {id, state, reason, placement, pms, ...}: CODE_NOT_READY while it is being
 * installed or deleted, CODE_FAILURE when it failed (the reason says why), CODE_SUCCESS otherwise.
 */
public class GetAllocation implements Command {

    /** Who may call: tenant-facing: only the owner (or an operator, or the platform's daemons) sees it. */
    @Override
    public Role requiredRole() {
        return Role.TENANT;
    }

    @Override
    public ReturnValue run(Object param, CallContext context) throws Exception {
        return context.daemon(ResourceDaemon.class)
                .allocations()
                .get(Params.integer(param, "alloc_id"), context.caller());
    }
}
