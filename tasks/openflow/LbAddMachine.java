package org.flowstream.tasks.openflow;

import java.util.List;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.contracts.records.openflow.BalancerConfig;
import org.flowstream.openflow.OpenflowDaemon;
import org.flowstream.openflow.balancing.BalancerService;
import org.flowstream.openflow.rpc.JsonRequest;

/** lb_add_machine(balancer_id, machine: {name, port, capacity}): adds a machine; it takes whole prefixes from the busiest. */
public class LbAddMachine implements Command {

    @Override
    public ReturnValue run(Object param, CallContext ctx) throws Exception {
        List<Object> p = Params.list(param, 2, "balancer_id", "machine");
        int id = Params.integer(p.get(0), "balancer_id");
        BalancerConfig.MachinePort machine = JsonRequest.parse(p.get(1), BalancerConfig.MachinePort.class, "machine");
        BalancerService.Outcome out =
                ctx.daemon(OpenflowDaemon.class).balancers().addMachine(id, machine);
        String message =
                "balancer %d: machine added; %s".formatted(id, out.change().message());
        return out.change().applied()
                ? ReturnValue.success(message, out.status())
                : ReturnValue.notReady(message, out.status());
    }

    @Override
    public String description() {
        return "lb_add_machine(balancer_id, machine: {name, port, capacity}) -> status";
    }
}
