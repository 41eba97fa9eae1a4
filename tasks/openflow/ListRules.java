package org.flowstream.tasks.openflow;

import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.openflow.OpenflowDaemon;
import org.flowstream.openflow.rules.Rule;

/** list_rules(switch): the rules the daemon keeps on that switch (its desired state), with their owners. */
public class ListRules implements Command {

    @Override
    public ReturnValue run(Object param, CallContext ctx) {
        String name = Params.string(Params.list(param, 1, "switch").get(0), "switch");
        return ReturnValue.success(ctx.daemon(OpenflowDaemon.class).rules().rules(name).stream()
                .map(Rule::toListing)
                .toList());
    }

    @Override
    public String description() {
        return "list_rules(switch) -> [{table, priority, match, actions, cookie, owner}]";
    }
}
