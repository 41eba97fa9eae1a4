package org.flowstream.tasks.monitoring;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.monitoring.MonitoringDaemon;

/** get_summary() → the summary report_stats sends the resource daemon, as of now (operators). */
public class GetSummary implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) {
        return ReturnValue.success(context.daemon(MonitoringDaemon.class).summary());
    }

    @Override
    public Role requiredRole() {
        return Role.OPERATOR;
    }
}
