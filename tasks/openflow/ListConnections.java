package org.flowstream.tasks.openflow;

import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.openflow.OpenflowDaemon;
import org.flowstream.openflow.rules.Rule;

/** list_connections(): every allocation wired on a switch, with its paths, VLAN tags and rules. */
public class ListConnections implements Command {

    @Override
    public ReturnValue run(Object param, CallContext ctx) {
        OpenflowDaemon daemon = ctx.daemon(OpenflowDaemon.class);
        return ReturnValue.success(daemon.connections().all().stream()
                .map(i -> i.toWired(daemon.rules().rules(i.switchName(), (Rule r) -> r.cookie() == i.cookie()), null))
                .toList());
    }

    @Override
    public String description() {
        return "list_connections() -> [{alloc_id, switch, table, cookie, paths, rules}]";
    }
}
