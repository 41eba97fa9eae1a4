package org.flowstream.tasks.modulehost;

import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.modulehost.ModuleHostDaemon;

/** list_pms(): every PM on this host with its state (starting, running, failed + exit_code), ports and counters. */
public class ListPms implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) {
        return ReturnValue.success(context.daemon(ModuleHostDaemon.class).pms().list().stream()
                .map(pm -> pm.toDescription(true))
                .toList());
    }

    @Override
    public String description() {
        return "list_pms() -> [PM struct with state, exit_code when failed, ports, stats {ports, elements}, usage]";
    }
}
