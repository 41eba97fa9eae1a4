package org.flowstream.tasks.resource;

import java.util.List;
import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.resource.ResourceDaemon;

/**
 * await_allocation(alloc_id: int, timeout_seconds: int) → what get_allocation answers, once the allocation is no
 * longer accepted, installing or deleting, or after timeout_seconds (0 to 60; then still CODE_NOT_READY): a client
 * waits for active or deleted without polling.
 */
public class AwaitAllocation implements Command {

    /** Who may call: tenant-facing: only the owner (or an operator, or the platform's daemons) sees it. */
    @Override
    public Role requiredRole() {
        return Role.TENANT;
    }

    @Override
    public ReturnValue run(Object param, CallContext context) throws Exception {
        List<Object> p = Params.list(param, 2, "alloc_id", "timeout_seconds");
        return context.daemon(ResourceDaemon.class)
                .allocations()
                .await(
                        Params.integer(p.get(0), "alloc_id"),
                        Params.integer(p.get(1), "timeout_seconds"),
                        context.caller());
    }

    @Override
    public String description() {
        return "await_allocation(alloc_id, timeout_seconds) -> get_allocation's answer once it is no longer being installed or deleted";
    }
}
