package org.flowstream.tasks.openflow;

import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.openflow.OpenflowDaemon;

/** lb_remove(balancer_id): removes the balancer and all its rules from the switch. */
public class LbRemove implements Command {

    @Override
    public ReturnValue run(Object param, CallContext ctx) throws Exception {
        int id = Params.integer(Params.list(param, 1, "balancer_id").get(0), "balancer_id");
        var change = ctx.daemon(OpenflowDaemon.class).balancers().remove(id);
        String message = "balancer %d removed; %s".formatted(id, change.message());
        return change.applied()
                ? ReturnValue.success(message, change.toRuleChange())
                : ReturnValue.notReady(message, change.toRuleChange());
    }

    @Override
    public String description() {
        return "lb_remove(balancer_id) -> {switch, added, removed, applied, message}";
    }
}
