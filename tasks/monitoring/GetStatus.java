package org.flowstream.tasks.monitoring;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.monitoring.MonitoringDaemon;

/** get_status() → {metrics_url, poll settings, last_report: {at, command, sent, code, message, hosts, down_hosts}} (operators). */
public class GetStatus implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) {
        return ReturnValue.success(context.daemon(MonitoringDaemon.class).status());
    }

    @Override
    public Role requiredRole() {
        return Role.OPERATOR;
    }
}
