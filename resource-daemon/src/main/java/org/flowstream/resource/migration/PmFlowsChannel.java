package org.flowstream.resource.migration;

import java.util.LinkedHashMap;
import java.util.Map;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.resource.gateway.GatewayException;
import org.flowstream.resource.gateway.ModuleHostGateway;
import org.flowstream.resource.hosts.ModuleHost;

/**
 * The control channel of one running PM, reached through its module host's pm_flows (docs/migration.md). A
 * refusal, or a host that does not answer, is a {@link GatewayException} saying which PM on which host.
 */
public record PmFlowsChannel(ModuleHostGateway moduleHosts, ModuleHost host, String pm) {

    /** The names of the PM's stateful elements (none for a stateless PM). */
    public java.util.List<String> statefulElements() {
        Object answer = call("elements", null, "", Map.of());
        java.util.List<String> names = new java.util.ArrayList<>();
        if (answer instanceof Object[] array) {
            for (Object name : array) {
                names.add(String.valueOf(name));
            }
        } else if (answer instanceof java.util.List<?> list) {
            list.forEach(name -> names.add(String.valueOf(name)));
        }
        return names;
    }

    /** One pm_flows request: {@code op} on {@code element} for the flows {@code filter} selects. */
    public Object call(String op, String element, String filter, Map<String, Object> more) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("pm", pm);
        request.put("op", op);
        if (element != null) {
            request.put("element", element);
        }
        request.put("filter", filter);
        request.putAll(more);
        ReturnValue answer = moduleHosts.relay(host, "pm_flows", request);
        if (!answer.isSuccess()) {
            throw new GatewayException("%s of PM %s on %s failed: %s".formatted(op, pm, host.name(), answer.message()));
        }
        return answer.value();
    }

    @Override
    public String toString() {
        return pm + " on " + host.name();
    }
}
