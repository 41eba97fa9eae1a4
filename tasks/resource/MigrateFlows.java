package org.flowstream.tasks.resource;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.resource.ResourceDaemon;
import org.flowstream.resource.migration.MigrationRequest;

/**
 * migrate_flows(alloc_id: int, pm: string, to_host: string[, filter: string]) → task id (§2.3): moves a running
 * PM of an active allocation, with its flows' state, to another module host (docs/migration.md). Answers at once
 * with CODE_NOT_READY and the task id; get_allocation shows the steps, get_task_result the counts.
 */
public class MigrateFlows implements Command {

    /** Who may call: tenants for their own allocations (others' are "no such allocation"), operators for any. */
    @Override
    public Role requiredRole() {
        return Role.TENANT;
    }

    @Override
    public ReturnValue run(Object param, CallContext context) {
        ResourceDaemon daemon = context.daemon(ResourceDaemon.class);
        MigrationRequest request = MigrationRequest.parse(param);
        // A scaling group's flows move by unit between its members; any other PM moves whole to another host.
        return daemon.scaler().runsGroup(request.allocId())
                ? daemon.scaler().moveUnitTo(request, context)
                : daemon.migrations().start(request, context);
    }

    @Override
    public String description() {
        return "migrate_flows(alloc_id, pm, to_host[, filter]) -> task id; moves a PM with its flows' state "
                + "to another module host (docs/migration.md)";
    }
}
