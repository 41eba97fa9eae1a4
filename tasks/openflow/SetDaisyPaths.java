package org.flowstream.tasks.openflow;

import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.openflow.DaisyPaths;
import org.flowstream.openflow.OpenflowDaemon;
import org.flowstream.openflow.connections.DaisyPathRules;

/**
 * set_daisy_paths({switch_name, table_id, alloc_id, paths: [{from_port, to_port}]}): the rules a phased move owns
 * while the old instance of a PM daisy-chains packets to the new one (docs/migration.md); empty paths removes them.
 */
public class SetDaisyPaths implements Command {

    @Override
    public ReturnValue run(Object param, CallContext ctx) throws Exception {
        DaisyPaths paths = Structs.fromStruct(Params.list(param, 1, "paths").get(0), DaisyPaths.class);
        var change = DaisyPathRules.apply(ctx.daemon(OpenflowDaemon.class).rules(), paths);
        String message = "allocation %d: %d daisy path(s) on %s; %s"
                .formatted(paths.allocId(), paths.paths().size(), paths.switchName(), change.message());
        return change.applied()
                ? ReturnValue.success(message, change.toRuleChange())
                : ReturnValue.notReady(message, change.toRuleChange());
    }

    @Override
    public String description() {
        return "set_daisy_paths({switch_name, table_id, alloc_id, paths: [{from_port, to_port}]}) -> {switch, added, "
                + "removed, applied, message}; a phased move's rules (docs/migration.md)";
    }
}
