package org.flowstream.tasks.openflow;

import java.util.List;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.openflow.OpenflowDaemon;
import org.flowstream.openflow.balancing.BalancerService;

/** lb_remove_machine(balancer_id, machine_name): removes a machine; its prefixes go back to the default machine and are re-balanced. */
public class LbRemoveMachine implements Command {

    @Override
    public ReturnValue run(Object param, CallContext ctx) throws Exception {
        List<Object> p = Params.list(param, 2, "balancer_id", "machine_name");
        int id = Params.integer(p.get(0), "balancer_id");
        String name = Params.string(p.get(1), "machine_name");
        BalancerService.Outcome out =
                ctx.daemon(OpenflowDaemon.class).balancers().removeMachine(id, name);
        String message = "balancer %d: machine %s removed; %s"
                .formatted(id, name, out.change().message());
        return out.change().applied()
                ? ReturnValue.success(message, out.status())
                : ReturnValue.notReady(message, out.status());
    }

    @Override
    public String description() {
        return "lb_remove_machine(balancer_id, machine_name) -> status";
    }
}
