package org.flowstream.tasks.resource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.common.auth.Role;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.task.CallContext;
import org.flowstream.common.task.Command;
import org.flowstream.contracts.element.PortSpec;
import org.flowstream.resource.ResourceDaemon;
import org.flowstream.resource.pmtypes.PmTypeRecord;

/**
 * get_pm_info() → a list of [description, primitives] pairs, one per PM type (§2.1.1). The description
 * starts with the type's name and says what it does and what configuration it takes. The primitives struct
 * also says "ports" in Click's notation (1/-) and, for types module hosts reported, holds the element's
 * whole "signature" (ports, keywords, state, counters) as the contracts module's ElementSignature writes it.
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
                        withPorts(t)))
                .toList();
        return ReturnValue.success("%d PM type(s)".formatted(pairs.size()), pairs);
    }

    private static Map<String, Object> withPorts(PmTypeRecord type) {
        Map<String, Object> primitives = new LinkedHashMap<>(type.primitives());
        primitives.putIfAbsent("ports", new PortSpec(type.inputs(), type.outputs()).toString());
        return primitives;
    }
}
