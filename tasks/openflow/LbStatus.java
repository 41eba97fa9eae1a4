package org.flowstream.tasks.openflow;

import java.util.List;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.openflow.OpenflowDaemon;

/** lb_status([balancer_id]): one balancer's machines, prefixes, measured loads and last round; every balancer without an id. */
public class LbStatus implements Command {

    @Override
    public ReturnValue run(Object param, CallContext ctx) {
        var service = ctx.daemon(OpenflowDaemon.class).balancers();
        boolean none = param == null
                || param instanceof Object[] a && a.length == 0
                || param instanceof List<?> l && l.isEmpty();
        if (none) {
            return ReturnValue.success(service.statusAll());
        }
        int id = Params.integer(Params.list(param, 1, "balancer_id").get(0), "balancer_id");
        return ReturnValue.success(service.status(id));
    }

    @Override
    public String description() {
        return "lb_status([balancer_id]) -> {balancer_id, switch, machines: [{name, port, capacity, prefixes, load, share}], assignment, imbalance, last_round, ...}";
    }
}
