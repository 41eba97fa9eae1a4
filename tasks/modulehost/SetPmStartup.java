package org.flowstream.tasks.modulehost;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.BadParameterException;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.modulehost.ModuleHostDaemon;
import org.flowstream.modulehost.basesys.PmJvm;

/**
 * set_pm_startup(mode): how the PMs created from now on start, "fast", "pooled" (fast, with the warm pool) or "cold"
 * (settings.pmStartup); PMs
 * already running are not touched. bench activate switches to "cold" for its baseline and back.
 */
public class SetPmStartup implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) {
        String value = Params.string(param, "mode (\"fast\", \"pooled\" or \"cold\")");
        PmJvm.Mode mode;
        try {
            mode = PmJvm.Mode.parse(value);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(e.getMessage());
        }
        ModuleHostDaemon daemon = context.daemon(ModuleHostDaemon.class);
        daemon.pmStartup(mode);
        return ReturnValue.success(
                "PMs start in %s mode from now on".formatted(mode.wireName()), daemon.pmStartupState());
    }

    @Override
    public Role requiredRole() {
        return Role.OPERATOR;
    }

    @Override
    public String description() {
        return "set_pm_startup(\"fast\"|\"pooled\"|\"cold\") -> {mode, aot_cache, pool}; how PMs created from now on start (operators)";
    }
}
