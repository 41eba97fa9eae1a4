package org.flowstream.tasks.openflow;

import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.contracts.records.openflow.OffloadConfig;
import org.flowstream.contracts.records.openflow.OffloadStatus;
import org.flowstream.openflow.OpenflowDaemon;
import org.flowstream.openflow.rpc.JsonRequest;

/**
 * tfo_configure(config): creates or changes a TFO offload (§2.4) on a switch: all IPv4 traffic to the software
 * port, the heavy-hitter destination prefixes to the fast-path port. See docs/tfo.md.
 */
public class TfoConfigure implements Command {

    @Override
    public ReturnValue run(Object param, CallContext ctx) throws Exception {
        OffloadConfig config = JsonRequest.parse(Params.list(param, 1, "config").get(0), OffloadConfig.class, "config");
        OffloadStatus status = ctx.daemon(OpenflowDaemon.class).offloads().configure(config);
        String message = "offload %s on %s: %s prefixes offloaded; %s"
                .formatted(
                        config.id(),
                        config.switchName(),
                        status.offloaded().size(),
                        status.change().message());
        return status.change().applied() ? ReturnValue.success(message, status) : ReturnValue.notReady(message, status);
    }

    @Override
    public String description() {
        return "tfo_configure(config: {id, switch_name, software_port, fast_path_port, in_port?, capacity?, factor?, windows?, "
                + "interval_millis?, priority?, default_priority?}) -> status";
    }
}
