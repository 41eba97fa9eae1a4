package org.flowstream.tasks.openflow;

import java.util.List;
import org.flowstream.common.rpc.BadParameterException;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.openflow.OpenflowDaemon;
import org.flowstream.openflow.rpc.PrefixCounts;

/**
 * lb_report_load(balancer_id, loads, [one_in]): a module host's sampled packet counts per prefix for the
 * current period (§2.2.5); each count stands for one_in packets (default 1: already scaled up).
 */
public class LbReportLoad implements Command {

    @Override
    public ReturnValue run(Object param, CallContext ctx) {
        List<Object> p = param instanceof Object[] a && a.length == 3 || param instanceof List<?> l && l.size() == 3
                ? Params.list(param, 3, "balancer_id", "loads", "one_in")
                : Params.list(param, 2, "balancer_id", "loads", "[one_in]");
        int id = Params.integer(p.get(0), "balancer_id");
        int oneIn = p.size() == 3 ? Params.integer(p.get(2), "one_in") : 1;
        if (oneIn < 1) {
            throw new BadParameterException("one_in must be >= 1 (1 in how many packets was counted), got " + oneIn);
        }
        var loads = PrefixCounts.parse(p.get(1), "loads");
        var result = ctx.daemon(OpenflowDaemon.class).balancers().reportLoad(id, loads, oneIn);
        return ReturnValue.success(
                "balancer %d: %d prefixes recorded for this period".formatted(id, loads.size()), result);
    }

    @Override
    public String description() {
        return "lb_report_load(balancer_id, loads: {\"a.b.c.d/len\": count}, [one_in]) -> {balancer_id, prefixes, reports_pending}";
    }
}
