package org.flowstream.tasks.resource;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.contracts.records.monitoring.PlatformSummary;
import org.flowstream.resource.ResourceDaemon;

/** get_platform_stats(): the latest summary the monitoring daemon reported ({@link PlatformSummary}; operators). */
public class GetPlatformStats implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) {
        PlatformSummary latest =
                context.daemon(ResourceDaemon.class).platformStats().get();
        return latest == null
                ? ReturnValue.failure("no statistics reported yet; is the monitoring daemon running?")
                : ReturnValue.success(latest);
    }

    @Override
    public Role requiredRole() {
        return Role.OPERATOR;
    }
}
