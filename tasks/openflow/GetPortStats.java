package org.flowstream.tasks.openflow;

import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.openflow.OpenflowDaemon;

/** get_port_stats(switch): per-port packet, byte, drop and error counters, as last polled. */
public class GetPortStats implements Command {

    @Override
    public ReturnValue run(Object param, CallContext ctx) {
        String name = Params.string(Params.list(param, 1, "switch").get(0), "switch");
        return ReturnValue.success(ctx.daemon(OpenflowDaemon.class).stats().portStats(name));
    }

    @Override
    public String description() {
        return "get_port_stats(switch) -> {switch, updated_at, ports: [{port, rx_packets, tx_packets, rx_bytes, tx_bytes, ...}]}";
    }
}
