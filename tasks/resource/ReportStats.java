package org.flowstream.tasks.resource;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.monitoring.PlatformSummary;
import org.flowstream.resource.ResourceDaemon;

/**
 * report_stats(summary: struct): the monitoring daemon's periodic summary ({@link PlatformSummary}, see
 * docs/monitoring-daemon.md). The resource daemon
 * keeps the latest one (get_platform_stats shows it to operators), and scaling groups react to it (docs/migration.md).
 */
public class ReportStats implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) {
        PlatformSummary summary =
                Structs.fromStruct(Params.list(param, 1, "summary").get(0), PlatformSummary.class);
        var hosts = summary.hosts();
        var down = summary.downHosts();
        ResourceDaemon daemon = context.daemon(ResourceDaemon.class);
        daemon.platformStats().set(summary);
        daemon.reactToLoad(summary); // scaling groups grow or shrink by their members' load

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
