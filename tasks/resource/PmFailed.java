package org.flowstream.tasks.resource;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.BadParameterException;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.PmFailure;
import org.flowstream.resource.ResourceDaemon;

/**
 * pm_failed(report {host, name, state, exit_code, failure}): a module host says a PM died on its own. Its
 * allocation becomes degraded and the PM is started again (and the rules re-installed for its new ports).
 */
public class PmFailed implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) throws Exception {
        PmFailure report = Structs.fromStruct(param, PmFailure.class);
        String host = report.host();
        String instance = report.name();
        String why = report.failure() != null ? report.failure() : "exit code " + report.exitCode();
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
