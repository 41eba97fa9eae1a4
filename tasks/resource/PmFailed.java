package org.flowstream.tasks.resource;

import java.util.Map;
import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.BadParameterException;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.resource.ResourceDaemon;

/**
 * pm_failed(report {host, name, state, exit_code, failure}): a module host says a PM died on its own. Its
 * allocation becomes degraded and the PM is started again (and the rules re-installed for its new ports).
 */
public class PmFailed implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) throws Exception {
        Map<String, Object> report = Params.struct(param, "report");
        String host = Params.string(report.get("host"), "report.host");
        String instance = Params.string(report.get("name"), "report.name");
        String why = String.valueOf(report.getOrDefault("failure", "exit code " + report.get("exit_code")));
        ResourceDaemon daemon = context.daemon(ResourceDaemon.class);
        if (daemon.hosts().host(host).isEmpty()) {
            throw new BadParameterException("report.host: no module host '%s' is registered".formatted(host));
        }
        boolean known = daemon.recovery().pmFailed(host, instance, why, daemon.systemContext());
        return known
                ? ReturnValue.success("restarting PM %s".formatted(instance), null)
                : ReturnValue.success("PM %s belongs to no allocation; nothing to do".formatted(instance), null);
    }

    @Override
    public Role requiredRole() {
        return Role.SERVICE;
    }
}
