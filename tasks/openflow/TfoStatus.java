package org.flowstream.tasks.openflow;

import java.util.List;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.openflow.OpenflowDaemon;

/** tfo_status([offload_id]): one offload's configuration, offloaded prefixes and last round; every offload without an id. */
public class TfoStatus implements Command {

    @Override
    public ReturnValue run(Object param, CallContext ctx) {
        var service = ctx.daemon(OpenflowDaemon.class).offloads();
        boolean none = param == null
                || param instanceof Object[] a && a.length == 0
                || param instanceof List<?> l && l.isEmpty();
        if (none) {
            return ReturnValue.success(service.statusAll());
        }
        int id = Params.integer(Params.list(param, 1, "offload_id").get(0), "offload_id");
        return ReturnValue.success(service.status(id));
    }

    @Override
    public String description() {
        return "tfo_status([offload_id]) -> {offload_id, switch, offloaded: [prefix], capacity, last_round, ...}";
    }
}
