package org.flowstream.tasks.openflow;

import java.util.List;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.openflow.OpenflowDaemon;
import org.flowstream.openflow.connections.Wiring;
import org.flowstream.openflow.rules.RuleManager;

/**
 * delete_connections(switch_name, switch_table_id, alloc) (§2.1.2): removes exactly the allocation's rules
 * from that table. alloc is the wiring given to create_connections, {"alloc_id": N} or just the id.
 */
public class DeleteConnections implements Command {

    @Override
    public ReturnValue run(Object param, CallContext ctx) throws Exception {
        List<Object> p = Params.list(param, 3, "switch_name", "switch_table_id", "alloc");
        String sw = Params.string(p.get(0), "switch_name");
        int table = Params.integer(p.get(1), "switch_table_id");
        long allocId = Wiring.allocId(p.get(2));
        RuleManager.ChangeResult result =
                ctx.daemon(OpenflowDaemon.class).connections().delete(sw, table, allocId);
        String message = result.removed() == 0
                ? "allocation %d has no rules in table %d of %s".formatted(allocId, table, sw)
                : "allocation %d: %d rules removed from %s table %d; %s"
                        .formatted(allocId, result.removed(), sw, table, result.message());
        return result.applied()
                ? ReturnValue.success(message, result.toRuleChange())
                : ReturnValue.notReady(message, result.toRuleChange());
    }

    @Override
    public String description() {
        return "delete_connections(switch_name, switch_table_id, alloc) -> {switch, added, removed, applied, message}";
    }
}
