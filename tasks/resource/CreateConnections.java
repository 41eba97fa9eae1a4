package org.flowstream.tasks.resource;

import java.util.List;
import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.resource.ResourceDaemon;
import org.flowstream.resource.gateway.SwitchTables;

/**
 * create_connections(switch_name, switch_table_id, alloc) (§2.1.2, low level, operators): passed to the
 * openflow daemon as it is; alloc is the wiring described in docs/openflow-daemon.md.
 */
public class CreateConnections implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) {
        List<Object> args = Params.list(param, 3, "switch_name", "switch_table_id", "alloc");
        ResourceDaemon daemon = context.daemon(ResourceDaemon.class);
        String switchName = Params.string(args.get(0), "switch_name");
        int tableId = Params.integer(args.get(1), "switch_table_id");
        SwitchTables.check(daemon.settings(), switchName, tableId);
        return daemon.switchGateway().relay("create_connections", switchName, tableId, args.get(2));
    }

    @Override
    public Role requiredRole() {
        return Role.OPERATOR;
    }
}
