package org.flowstream.tasks.monitoring;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.monitoring.MonitoringDaemon;

/**
 * get_flow_stats(alloc_id) → a tenant's own allocation's packets and bytes, per connection (switch rules) and per
 * PM (port counters); another tenant's allocation answers "no such allocation: N". Operators see all.
 */
public class GetFlowStats implements Command {

    /** Who may call: tenant-facing: owner-checked with the resource daemon. */
    @Override
    public Role requiredRole() {
        return Role.TENANT;
    }

    @Override
    public ReturnValue run(Object param, CallContext context) {
        int allocId = Params.integer(Params.list(param, 1, "alloc_id").get(0), "alloc_id");
        return context.daemon(MonitoringDaemon.class).flowStats().flowStats(allocId, context.caller());
    }

    @Override
    public String description() {
        return "get_flow_stats(alloc_id) -> {alloc_id, tenant, state, packets, bytes, connections: [{switch, table, priority, match, packets, bytes}], pms: [{pm, host, instance, state, ports, rx_packets, ...}]}";
    }
}
