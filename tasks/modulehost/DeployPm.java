package org.flowstream.tasks.modulehost;

import java.util.List;
import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.modulehost.ModuleHostDaemon;
import org.flowstream.modulehost.deploy.ElementDeployer;

/**
 * deploy_pm(pm_name, pm_src) (§2.1.1): compiles the Java source of a new element type (a public class named
 * pm_name extending org.flowstream.modulehost.runtime.Element) and makes it usable by PMs created from now on.
 * A source that does not compile is refused with the compiler's messages. The daemon never runs the code.
 */
public class DeployPm implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) throws Exception {
        List<Object> params = Params.list(param, 2, "pm_name", "pm_src");
        String name = Params.string(params.get(0), "pm_name");
        String source = Params.string(params.get(1), "pm_src");
        ElementDeployer.Result result =
                context.daemon(ModuleHostDaemon.class).deployer().deploy(name, source);
        if (!result.succeeded()) {
            return ReturnValue.failure(
                    "pm %s not deployed:\n%s".formatted(name, String.join("\n", result.errors())), result.errors());
        }
        return ReturnValue.success(
                "element %s (%s) deployed; PMs created from now on can use it".formatted(name, result.className()),
                null);
    }

    @Override
    public Role requiredRole() {
        return Role.SERVICE;
    }

    @Override
    public String description() {
        return "deploy_pm(pm_name, pm_src) -> void; compiles a new element type for PMs, or fails with the compiler's messages";
    }
}
