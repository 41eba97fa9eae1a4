package org.flowstream.tasks.openflow;

import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.openflow.OpenflowDaemon;

/** get_flow_stats(alloc_id): the allocation's packet and byte counters (entry rules) and every rule's own, as last polled. */
public class GetFlowStats implements Command {

    @Override
    public ReturnValue run(Object param, CallContext ctx) {
        int allocId = Params.integer(Params.list(param, 1, "alloc_id").get(0), "alloc_id");
        OpenflowDaemon daemon = ctx.daemon(OpenflowDaemon.class);
        return ReturnValue.success(daemon.stats().flowStats(allocId, daemon.connections()::isEntryRule));
    }

    @Override
    public String description() {
        return "get_flow_stats(alloc_id) -> {alloc_id, owner, cookie, packets, bytes, rules: [{table, priority, match, actions, cookie, owner, switch, packets, bytes, duration_sec}], updated_at}";
    }
}
