package org.flowstream.tasks.resource;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.resource.ResourceDaemon;
import org.flowstream.resource.gateway.ConnectionsRelay;

/**
 * create_connections(switch_name, switch_table_id, alloc) (§2.1.2, low level, operators): passed to the
 * openflow daemon as it is; alloc is the wiring described in docs/openflow-daemon.md.
 */
public class CreateConnections implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) {
        ResourceDaemon daemon = context.daemon(ResourceDaemon.class);
        return ConnectionsRelay.relay(daemon.settings(), daemon.switchGateway(), "create_connections", param);
    }

    @Override
    public Role requiredRole() {
        return Role.OPERATOR;
    }
}
