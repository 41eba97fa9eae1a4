package org.flowstream.tasks.resource;

import java.util.LinkedHashMap;
import java.util.Map;
import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.resource.ResourceDaemon;
import org.flowstream.resource.hosts.ModuleHost;

/** delete_pm(pm: struct {host, name}) (§2.1.2, low level, operators): stops one PM on a module host. */
public class DeletePm implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) {
        Map<String, Object> pm = new LinkedHashMap<>(Params.struct(param, "pm"));
        ResourceDaemon daemon = context.daemon(ResourceDaemon.class);
        ModuleHost host = daemon.hostNamed(pm.remove("host"));
        return daemon.moduleHosts().relay(host, "delete_pm", pm);
    }

    @Override
    public Role requiredRole() {
        return Role.OPERATOR;
    }
}
