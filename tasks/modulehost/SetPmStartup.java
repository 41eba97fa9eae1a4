package org.flowstream.tasks.modulehost;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.BadParameterException;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.PmStartup;
import org.flowstream.modulehost.ModuleHostDaemon;
import org.flowstream.modulehost.basesys.PmJvm;

/**
 * set_pm_startup(mode): how the PMs created from now on start, "fast" or "cold" (settings.pmStartup); PMs
 * already running are not touched. bench activate switches to "cold" for its baseline and back.
 */
public class SetPmStartup implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) {
        String value = Params.string(param, "mode (\"fast\" or \"cold\")");
        PmJvm.Mode mode;
        try {
            mode = PmJvm.Mode.parse(value);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(e.getMessage());
        }
        PmJvm jvm = context.daemon(ModuleHostDaemon.class).pmJvm();
        jvm.mode(mode);
        if (mode == PmJvm.Mode.FAST && jvm.aotCache().state().equals("not built")) {
            jvm.aotCache().prepare();
        }
        return ReturnValue.success(
                "PMs start in %s mode from now on".formatted(mode.wireName()),
                Structs.fromStruct(jvm.describe(), PmStartup.class));
    }

    @Override
    public Role requiredRole() {
        return Role.OPERATOR;
    }

    @Override
    public String description() {
        return "set_pm_startup(\"fast\"|\"cold\") -> {mode, aot_cache}; how PMs created from now on start (operators)";
    }
}
