package org.flowstream.tasks.resource;

import java.util.List;
import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.resource.ResourceDaemon;

/**
 * scale_group(alloc_id: int, direction: string) → task id (operators): grows ("out") or shrinks ("in") an
 * allocation's scaling group by one member now, whatever its load says; the group's MIN and MAX still hold
 * (docs/migration.md, "Scale-out"). get_allocation shows the steps, get_task_result the members and their units.
 */
public class ScaleGroup implements Command {

    @Override
    public Role requiredRole() {
        return Role.OPERATOR;
    }

    @Override
    public ReturnValue run(Object param, CallContext context) {
        List<Object> values = Params.list(param, 2, "alloc_id", "direction");
        return context.daemon(ResourceDaemon.class)
                .scaler()
                .force(
                        Params.integer(values.get(0), "alloc_id"),
                        Params.string(values.get(1), "direction").strip(),
                        context);
    }

    @Override
    public String description() {
        return "scale_group(alloc_id, \"out\" | \"in\") -> task id; one member more or fewer in an allocation's "
                + "scaling group (docs/migration.md)";
    }
}
