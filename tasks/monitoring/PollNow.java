package org.flowstream.tasks.monitoring;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.monitoring.MonitoringDaemon;

/** poll_now() → queues a host poll, an openflow poll and a report at normal priority: {hosts, openflow, report} (false = one is already queued). */
public class PollNow implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) {
        return ReturnValue.success(
                "queued at normal priority",
                context.daemon(MonitoringDaemon.class).pollNow());
    }

    @Override
    public Role requiredRole() {
        return Role.OPERATOR;
    }
}
