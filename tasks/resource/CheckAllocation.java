package org.flowstream.tasks.resource;

import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.resource.ResourceDaemon;

/**
 * check_allocation(alloc: string): what install_allocation would answer now (code 0 when it would accept
 * the request, code 1 with every problem), without storing or starting anything. `lang check --url` uses it.
 */
public class CheckAllocation implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) throws Exception {
        String request = Params.string(param, "alloc");
        return context.daemon(ResourceDaemon.class).allocations().check(request, context.caller());
    }

    @Override
    public String description() {
        return "check_allocation(alloc: string): would install_allocation accept it now? Nothing is stored";
    }
}
