package org.flowstream.tasks.resource;

import java.util.List;
import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.resource.ResourceDaemon;

/** list_allocations() → the caller's allocations (an operator's: everyone's), without the deleted ones. */
public class ListAllocations implements Command {

    /** Who may call: tenant-facing: a tenant sees only its own allocations. */
    @Override
    public Role requiredRole() {
        return Role.TENANT;
    }

    @Override
    public ReturnValue run(Object param, CallContext context) {
        List<Object> rows = context.daemon(ResourceDaemon.class).allocations().list(context.caller());
        return ReturnValue.success("%d allocation(s)".formatted(rows.size()), rows);
    }
}
