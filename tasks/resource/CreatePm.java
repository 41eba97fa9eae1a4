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

/**
 * create_pm(pm: struct) (§2.1.2, low level, operators): starts one PM on the module host named by pm.host;
 * the rest of the struct is the module host's create_pm struct {name, config, ports, memory_mb, cpu_percent, basesys}.
 * PMs created this way belong to no allocation: the operator deletes them with delete_pm.
 */
public class CreatePm implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) {
        Map<String, Object> pm = new LinkedHashMap<>(Params.struct(param, "pm"));
        ResourceDaemon daemon = context.daemon(ResourceDaemon.class);
        ModuleHost host = daemon.hostNamed(pm.remove("host"));
        return daemon.moduleHosts().relay(host, "create_pm", pm);
    }

    @Override
    public Role requiredRole() {
        return Role.OPERATOR;
    }
}
