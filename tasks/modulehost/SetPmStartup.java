package org.flowstream.tasks.modulehost;

import java.util.List;
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
 * already running are not touched. An optional second parameter sets the warm pool's idle runtimes per memory size
 * (settings.pmPoolSlots; 0: none). bench activate switches to "cold" for its baseline and back.
 */
public class SetPmStartup implements Command {

    /** More idle runtimes per size than a module host could start PMs for at once would only hold memory. */
    private static final int MAX_POOL_SLOTS = 64;

    @Override
    public ReturnValue run(Object param, CallContext context) {
        List<Object> params = param instanceof Object[] || param instanceof List<?>
                ? Params.list(param, 2, "mode", "pool_slots")
                : Params.list(param, 1, "mode");
        String value = Params.string(params.get(0), "mode (\"fast\", \"pooled\" or \"cold\")");
        Integer poolSlots = null;
        if (params.size() == 2) {
            poolSlots = Params.integer(params.get(1), "pool_slots");
            if (poolSlots < 0 || poolSlots > MAX_POOL_SLOTS) {
                throw new BadParameterException("pool_slots must be 0 to %d idle PM runtimes per memory size, got %d"
                        .formatted(MAX_POOL_SLOTS, poolSlots));
            }
        }
        PmJvm.Mode mode;
        try {
            mode = PmJvm.Mode.parse(value);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(e.getMessage());
        }
        ModuleHostDaemon daemon = context.daemon(ModuleHostDaemon.class);
        daemon.pmStartup(mode, poolSlots);
        return ReturnValue.success(
                "PMs start in %s mode from now on".formatted(mode.wireName()), daemon.pmStartupState());
    }

    @Override
    public Role requiredRole() {
        return Role.OPERATOR;
    }

    @Override
    public String description() {
        return "set_pm_startup(\"fast\"|\"pooled\"|\"cold\"[, pool_slots]) -> {mode, aot_cache, pool}; how PMs created from now on start (operators)";
    }
}
