package org.flowstream.tasks.openflow;

import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.openflow.OpenflowDaemon;

/** tfo_round(offload_id): ends the current round now: TFO selects and the offloaded set on the switch follows. */
public class TfoRound implements Command {

    @Override
    public ReturnValue run(Object param, CallContext ctx) throws Exception {
        int id = Params.integer(Params.list(param, 1, "offload_id").get(0), "offload_id");
        var status = ctx.daemon(OpenflowDaemon.class).offloads().round(id);
        String message =
                status.lastRound() == null ? "round done" : status.lastRound().message();
        return ReturnValue.success("offload %d: %s".formatted(id, message), status);
    }

    @Override
    public String description() {
        return "tfo_round(offload_id) -> status with last_round {additions, removals, reported_packets, counted_packets}";
    }
}
