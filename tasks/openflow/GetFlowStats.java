package org.flowstream.tasks.openflow;

import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.openflow.OpenflowDaemon;
import org.flowstream.openflow.rules.Cookies;

/** get_flow_stats(alloc_id): the allocation's packet and byte counters (entry rules) and every rule's own, as last polled. */
public class GetFlowStats implements Command {

    @Override
    public ReturnValue run(Object param, CallContext ctx) {
        int allocId = Params.integer(Params.list(param, 1, "alloc_id").get(0), "alloc_id");
        OpenflowDaemon daemon = ctx.daemon(OpenflowDaemon.class);
        var stats = daemon.stats().flowStats(Cookies.allocation(allocId), daemon.connections()::isEntryRule);
        stats.put("alloc_id", allocId);
        return ReturnValue.success(stats);
    }

    @Override
    public String description() {
        return "get_flow_stats(alloc_id) -> {alloc_id, packets, bytes, rules: [{switch, match, packets, bytes, ...}], updated_at}";
    }
}
