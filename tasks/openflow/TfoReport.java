package org.flowstream.tasks.openflow;

import java.util.List;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.openflow.OpenflowDaemon;
import org.flowstream.openflow.rpc.PrefixCounts;

/** tfo_report(offload_id, counts): the software path's packets per destination prefix during the current round. */
public class TfoReport implements Command {

    @Override
    public ReturnValue run(Object param, CallContext ctx) {
        List<Object> p = Params.list(param, 2, "offload_id", "counts");
        int id = Params.integer(p.get(0), "offload_id");
        var counts = PrefixCounts.parse(p.get(1), "counts");
        var result = ctx.daemon(OpenflowDaemon.class).offloads().report(id, counts);
        return ReturnValue.success(
                "offload %d: %d prefixes recorded for this round".formatted(id, counts.size()), result);
    }

    @Override
    public String description() {
        return "tfo_report(offload_id, counts: {\"a.b.c.d/len\": packets}) -> {offload_id, prefixes, reports_pending}";
    }
}
