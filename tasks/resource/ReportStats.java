package org.flowstream.tasks.resource;

import java.util.List;
import java.util.Map;
import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.resource.ResourceDaemon;

/**
 * report_stats(summary: struct): the monitoring daemon's periodic summary {from, at, hosts: [{name, up, ...,
 * pms}], down_hosts, openflow, allocations, switches} (see docs/monitoring-daemon.md). The resource daemon
 * keeps the latest one (get_platform_stats shows it to operators).
 */
public class ReportStats implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) {
        Map<String, Object> summary =
                Params.struct(Params.list(param, 1, "summary").get(0), "summary");
        List<Object> hosts = Params.array(summary.getOrDefault("hosts", List.of()), "summary.hosts");
        List<Object> down = Params.array(summary.getOrDefault("down_hosts", List.of()), "summary.down_hosts");
        context.daemon(ResourceDaemon.class).platformStats().set(summary);
        return ReturnValue.success(
                "summary of %d module host%s stored (%d down)"
                        .formatted(hosts.size(), hosts.size() == 1 ? "" : "s", down.size()),
                hosts.size());
    }

    @Override
    public Role requiredRole() {
        return Role.SERVICE;
    }
}
