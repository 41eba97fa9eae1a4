package org.flowstream.tasks.monitoring;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.monitoring.MonitoringDaemon;

/** list_sources() → every polled source with its health (up, consecutive_misses, last_error, last_answer) and history fill (operators). */
public class ListSources implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) {
        return ReturnValue.success(context.daemon(MonitoringDaemon.class).sourceList());
    }

    @Override
    public Role requiredRole() {
        return Role.OPERATOR;
    }

    @Override
    public String description() {
        return "list_sources() -> [{source, kind, url, up, consecutive_misses, total_misses, last_error, last_answer, samples, history_size}]";
    }
}
