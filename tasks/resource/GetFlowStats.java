package org.flowstream.tasks.resource;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.DaemonUnreachableException;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.monitoring.AllocationFlowStats;
import org.flowstream.resource.ResourceDaemon;

/**
 * get_flow_stats(alloc_id) → the monitoring daemon's packet and byte counts of one of the caller's allocations.
 * Tenants have accounts only here, at the front door: the resource daemon checks the owner, then asks the
 * monitoring daemon with its own service account.
 */
public class GetFlowStats implements Command {

    /** Who may call: tenant-facing: only the owner (or an operator) gets an allocation's counts. */
    @Override
    public Role requiredRole() {
        return Role.TENANT;
    }

    @Override
    public ReturnValue run(Object param, CallContext context) throws Exception {
        int id = Params.integer(param, "alloc_id");
        ResourceDaemon daemon = context.daemon(ResourceDaemon.class);
        ReturnValue seen = daemon.allocations().get(id, context.caller());
        if (seen.value() == null) {
            return seen; // no allocation of that id that this caller may see
        }
        DaemonClient monitoring = daemon.monitoring().orElse(null);
        if (monitoring == null) {
            return ReturnValue.failure(
                    "flow statistics need the monitoring daemon, and this resource daemon has no \"monitoring\" peer configured");
        }
        try {
            ReturnValue answer = monitoring.call("get_flow_stats", id);
            // Read by its contract, so a tenant never gets a half-understood answer passed through.
            return answer.isSuccess()
                    ? ReturnValue.success(
                            answer.message(), Structs.fromStruct(answer.value(), AllocationFlowStats.class))
                    : answer;
        } catch (DaemonUnreachableException e) {
            return ReturnValue.failure(
                    "cannot reach the monitoring daemon for allocation %d's statistics: %s; retry in a moment"
                            .formatted(id, e.getMessage()));
        }
    }

    @Override
    public String description() {
        return "get_flow_stats(alloc_id) -> packet and byte counts of your allocation, from the monitoring daemon";
    }
}
