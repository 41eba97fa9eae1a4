package org.flowstream.tasks.resource;

import java.util.List;
import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.resource.ResourceDaemon;

/**
 * get_pm_info() → a list of [description, primitives] pairs, one per PM type (§2.1.1). The description
 * starts with the type's name and says what it does and what configuration it takes. The primitives struct is
 * the contract record PmTypeInfo, as the module hosts' get_pm_info answers it (ports in Click's notation, the
 * element's whole signature, each primitive set to true), with the size a PM of the type gets by default.
 */
public class GetPmInfo implements Command {

    /** Who may call: tenant-facing: the PM catalogue tenants write requests against. */
    @Override
    public Role requiredRole() {
        return Role.TENANT;
    }

    @Override
    public ReturnValue run(Object param, CallContext context) {
        List<Object> pairs = context.daemon(ResourceDaemon.class).catalogue().records().stream()
                .map(t -> (Object) List.of(
                        "%s (inputs %s, outputs %s): %s"
                                .formatted(
                                        t.name(),
                                        t.inputs().describe(),
                                        t.outputs().describe(),
                                        t.description()),
                        t.answer()))
                .toList();
        return ReturnValue.success("%d PM type(s)".formatted(pairs.size()), pairs);
    }
}
