package org.flowstream.resource.gateway;

import java.util.List;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.resource.ResourceSettings;

/**
 * The low-level create_connections and delete_connections (§2.1.2, operators): both read (switch_name,
 * switch_table_id, alloc), refuse a switch or table this platform does not have ({@link SwitchTables}), and pass
 * the call to the openflow daemon as it is, answering what it answers.
 */
public final class ConnectionsRelay {

    private ConnectionsRelay() {}

    /** {@code method} is create_connections or delete_connections; {@code param} the caller's three parameters. */
    public static ReturnValue relay(ResourceSettings settings, SwitchGateway openflow, String method, Object param) {
        List<Object> args = Params.list(param, 3, "switch_name", "switch_table_id", "alloc");
        String switchName = Params.string(args.get(0), "switch_name");
        int tableId = Params.integer(args.get(1), "switch_table_id");
        SwitchTables.check(settings, switchName, tableId);
        return openflow.relay(method, switchName, tableId, args.get(2));
    }
}
