package org.flowstream.tasks.modulehost;

import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.modulehost.ModuleHostDaemon;

/** get_pm_info() (§2.1.1): [description, primitives] for every element type this host runs, deployed ones included. */
public class GetPmInfo implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) {
        return ReturnValue.success(
                context.daemon(ModuleHostDaemon.class).catalog().describeAll());
    }

    @Override
    public String description() {
        return "get_pm_info() -> [[description, {type, <Primitive>: true, state, ports, deployed, signature}]]";
    }
}
