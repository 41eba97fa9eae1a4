package org.flowstream.tasks.modulehost;

import java.util.Map;
import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.PmReference;
import org.flowstream.modulehost.ModuleHostDaemon;

/** delete_pm(pm) (§2.1.2): stops the PM and removes its process, namespace, interfaces and limits. */
public class DeletePm implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) {
        String name = param instanceof Map<?, ?>
                ? Structs.fromStruct(param, PmReference.class).name()
                : Params.string(param, "pm (a PM struct with a name, or the name)");
        context.daemon(ModuleHostDaemon.class).pms().delete(name);
        return ReturnValue.success("PM %s deleted".formatted(name), null);
    }

    @Override
    public Role requiredRole() {
        return Role.SERVICE;
    }

    @Override
    public String description() {
        return "delete_pm({name} or name) -> void; removes the PM's process, namespace and interfaces";
    }
}
