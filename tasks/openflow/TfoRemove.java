package org.flowstream.tasks.openflow;

import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.openflow.OpenflowDaemon;

/** tfo_remove(offload_id): removes the offload and all its rules (forwarding and software-path) from the switch. */
public class TfoRemove implements Command {

    @Override
    public ReturnValue run(Object param, CallContext ctx) throws Exception {
        int id = Params.integer(Params.list(param, 1, "offload_id").get(0), "offload_id");
        var change = ctx.daemon(OpenflowDaemon.class).offloads().remove(id);
        String message = "offload %d removed; %s".formatted(id, change.message());
        return change.applied()
                ? ReturnValue.success(message, change.toRuleChange())
                : ReturnValue.notReady(message, change.toRuleChange());
    }

    @Override
    public String description() {
        return "tfo_remove(offload_id) -> {switch, added, removed, applied, message}";
    }
}
