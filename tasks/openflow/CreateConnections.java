package org.flowstream.tasks.openflow;

import java.util.List;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.contracts.records.openflow.WiredConnections;
import org.flowstream.openflow.OpenflowDaemon;
import org.flowstream.openflow.connections.Wiring;

/**
 * create_connections(switch_name, switch_table_id, alloc) (§2.1.2): installs an allocation's wiring as rules.
 * alloc is the JSON wiring described in docs/openflow-daemon.md (string or struct).
 */
public class CreateConnections implements Command {

    @Override
    public ReturnValue run(Object param, CallContext ctx) throws Exception {
        List<Object> p = Params.list(param, 3, "switch_name", "switch_table_id", "alloc");
        String sw = Params.string(p.get(0), "switch_name");
        int table = Params.integer(p.get(1), "switch_table_id");
        Wiring wiring = Wiring.parse(p.get(2));
        WiredConnections result = ctx.daemon(OpenflowDaemon.class).connections().create(sw, table, wiring);
        String message = "allocation %d: %d rules on %s table %d; %s"
                .formatted(wiring.allocId(), result.rules().size(), sw, table, result.message());
        return result.applied() ? ReturnValue.success(message, result) : ReturnValue.notReady(message, result);
    }

    @Override
    public String description() {
        return "create_connections(switch_name, switch_table_id, alloc) -> {alloc_id, switch, table, cookie, paths (with VLAN tags per PM), rules}";
    }
}
