package org.flowstream.tasks.modulehost;

import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.modulehost.ModuleHostDaemon;
import org.flowstream.modulehost.pm.PmInstance;
import org.flowstream.modulehost.pm.PmSpec;

/**
 * create_pm(pm) (§2.1.2): starts a PM ({@code PmRequest}) on this host and answers once it runs, with the PM struct
 * ({@code PmDescription}), whose "ports" list gives each port's name in the PM (p0, ...), its switch-facing
 * interface and its OpenFlow port number.
 */
public class CreatePm implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) throws Exception {
        ModuleHostDaemon daemon = context.daemon(ModuleHostDaemon.class);
        PmSpec spec = PmSpec.parse(
                param, daemon.registry(), daemon.settings().defaultMemoryMb, daemon.settings().defaultCpuPercent);
        PmInstance pm;
        try {
            pm = daemon.pms().create(spec);
        } catch (IllegalStateException | org.flowstream.common.netns.NetnsException e) {
            return ReturnValue.failure("cannot create PM %s: %s".formatted(spec.name(), e.getMessage()));
        }
        return ReturnValue.success(
                "PM %s running (pid %d)".formatted(pm.name(), pm.handle().pid()), pm.toDescription(false));
    }

    @Override
    public Role requiredRole() {
        return Role.SERVICE;
    }

    @Override
    public String description() {
        return "create_pm({name, config, ports?, memory_mb?, cpu_percent?, basesys?}) -> the PM struct with ports [{name, interface, ofport, mac}]";
    }
}
