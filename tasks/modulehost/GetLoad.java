package org.flowstream.tasks.modulehost;

import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.modulehost.ModuleHostDaemon;

/** get_load(): host CPU and memory, and per PM its CPU time, memory, and packets and bytes per port. */
public class GetLoad implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) {
        return ReturnValue.success(context.daemon(ModuleHostDaemon.class).load());
    }

    @Override
    public String description() {
        return "get_load() -> {host, cpu_cores, load_average_1m, memory_total_mb, memory_available_mb, pms: [{name, state, cpu_seconds, rss_bytes, memory_bytes, ports}]}";
    }
}
