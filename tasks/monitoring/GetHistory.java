package org.flowstream.tasks.monitoring;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.monitoring.MonitoringDaemon;

/** get_history(source) → the source's recent samples, oldest first: [{at, sample}] (operators; source as list_sources names it). */
public class GetHistory implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) {
        String id = Params.string(Params.list(param, 1, "source").get(0), "source");
        return context.daemon(MonitoringDaemon.class)
                .history(id)
                .map(samples -> ReturnValue.success((Object) samples))
                .orElseGet(() -> ReturnValue.failure(
                        "no source '%s'; list_sources names them (host:NAME, openflow, resource)".formatted(id)));
    }

    @Override
    public Role requiredRole() {
        return Role.OPERATOR;
    }

    @Override
    public String description() {
        return "get_history(source) -> [{at, sample}] oldest first; source is host:NAME, openflow or resource";
    }
}
