package org.flowstream.tasks.openflow;

import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.openflow.OpenflowDaemon;

/** lb_rebalance(balancer_id): ends the measuring period now; re-balances if the imbalance is above the maximum. */
public class LbRebalance implements Command {

    @Override
    public ReturnValue run(Object param, CallContext ctx) throws Exception {
        int id = Params.integer(Params.list(param, 1, "balancer_id").get(0), "balancer_id");
        var status = ctx.daemon(OpenflowDaemon.class).balancers().rebalance(id);
        String message =
                status.lastRound() == null ? "round done" : status.lastRound().message();
        return ReturnValue.success("balancer %d: %s".formatted(id, message), status);
    }

    @Override
    public String description() {
        return "lb_rebalance(balancer_id) -> status with last_round {source, measured_load, imbalance, rebalanced, changed_prefixes}";
    }
}
