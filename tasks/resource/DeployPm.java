package org.flowstream.tasks.resource;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.resource.ResourceDaemon;

/** deploy_pm(pm_name, pm_src): a new PM type from Java source, compiled by the module hosts (operators). */
public class DeployPm implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) throws Exception {
        var args = Params.list(param, 2, "pm_name", "pm_src");
        return context.daemon(ResourceDaemon.class)
                .deployer()
                .deploy(Params.string(args.get(0), "pm_name"), Params.string(args.get(1), "pm_src"));
    }

    @Override
    public Role requiredRole() {
        return Role.OPERATOR;
    }
}
