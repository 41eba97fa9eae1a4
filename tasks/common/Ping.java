package org.flowstream.tasks.common;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;

/** Answers at once: the cheapest call a daemon serves, for liveness checks and the API benchmark. */
public class Ping implements Command {

    /** Who may call: tenants may check the front door is alive. */
    @Override
    public Role requiredRole() {
        return Role.TENANT;
    }

    @Override
    public ReturnValue run(Object param, CallContext context) {
        return ReturnValue.success("pong", param);
    }

    @Override
    public String description() {
        return "ping(any) -> the value sent, unchanged";
    }
}
