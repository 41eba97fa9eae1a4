package org.flowstream.tasks.openflow;

import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.contracts.records.openflow.BalancerConfig;
import org.flowstream.openflow.OpenflowDaemon;
import org.flowstream.openflow.balancing.BalancerService;
import org.flowstream.openflow.rpc.JsonRequest;

/**
 * lb_configure(config): creates or changes a prefix load balancer (§2.2) on a switch and installs its rules.
 * config is a struct (or its JSON text) as described in docs/load-balancing.md.
 */
public class LbConfigure implements Command {

    @Override
    public ReturnValue run(Object param, CallContext ctx) throws Exception {
        Object raw = Params.list(param, 1, "config").get(0);
        BalancerConfig config = JsonRequest.parse(raw, BalancerConfig.class, "config");
        BalancerService.Outcome out =
                ctx.daemon(OpenflowDaemon.class).balancers().configure(config);
        String message = "balancer %s on %s: %s prefixes over %d machines, %s rules; %s"
                .formatted(
                        config.id(),
                        config.switchName(),
                        out.status().prefixes(),
                        config.machines().size(),
                        out.status().rules(),
                        out.change().message());
        return out.change().applied()
                ? ReturnValue.success(message, out.status())
                : ReturnValue.notReady(message, out.status());
    }

    @Override
    public String description() {
        return "lb_configure(config: {id, switch_name, machines: [{name, port, capacity}], source_side_port, destination_side_port, "
                + "default_machine?, max_imbalance?, chunk_threshold?, vlan_src?, vlan_dst?, load_source?, interval_millis?}) -> status";
    }
}
