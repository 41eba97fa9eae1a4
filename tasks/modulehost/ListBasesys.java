package org.flowstream.tasks.modulehost;

import java.util.LinkedHashMap;
import java.util.Map;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.modulehost.ModuleHostDaemon;
import org.flowstream.modulehost.basesys.BaseSystem;

/** list_basesys(): the base systems (BASESYS values, §2.1.4) this host offers, with what each one is. */
public class ListBasesys implements Command {

    @Override
    public ReturnValue run(Object param, CallContext context) {
        Map<String, Object> systems = new LinkedHashMap<>();
        for (BaseSystem system :
                context.daemon(ModuleHostDaemon.class).baseSystems().all()) {
            systems.put(system.name(), system.description());
        }
        return ReturnValue.success(systems);
    }

    @Override
    public String description() {
        return "list_basesys() -> {name: description} of the BASESYS values this host implements";
    }
}
