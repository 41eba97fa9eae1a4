package org.flowstream.resource.migration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.move.FlowMove;
import org.flowstream.contracts.move.PmFlows;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.WireFormatException;
import org.flowstream.contracts.records.WireValues;
import org.flowstream.contracts.records.modulehost.HandedOverPacket;
import org.flowstream.contracts.records.modulehost.PmFlowState;
import org.flowstream.contracts.records.modulehost.PmFlowsRequest;
import org.flowstream.contracts.records.modulehost.ReleaseSummary;
import org.flowstream.resource.gateway.GatewayException;
import org.flowstream.resource.gateway.ModuleHostGateway;
import org.flowstream.resource.hosts.ModuleHost;

/**
 * The control channel of one running PM, reached through its module host's pm_flows (docs/migration.md). A
 * refusal, or a host that does not answer, is a {@link GatewayException} saying which PM on which host.
 */
public record PmFlowsChannel(ModuleHostGateway moduleHosts, ModuleHost host, String pm) implements PmFlows {

    /** This PM's side of a move of {@code element}'s flows (the contracts' move algorithms drive it). */
    public FlowMove.Instance instance(String element) {
        return new FlowMove.Instance(this, pm, element);
    }

    /** The move algorithms' requests name this channel's PM (see {@link #instance}). */
    @Override
    public Object call(PmFlowsRequest request) {
        return send(request);
    }

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

    /**
     * One pm_flows request: {@code op} on {@code element} for the flows {@code filter} selects, with {@code more} of
     * {@link PmFlowsRequest}'s keys (states, packets, quiet_ms). The request is built as that record (a key it does not
     * know is refused here, before anything is sent), and the answer is read through it ({@link
     * PmFlowsRequest#readAnswer}: export's and take's states, hand_over's packets, release's summary as records).
     */
    public Object call(String op, String element, String filter, Map<String, Object> more) {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("pm", pm);
        struct.put("op", op);
        if (element != null) {
            struct.put("element", element);
        }
        struct.put("filter", filter);
        struct.putAll(more);
        return send(Structs.fromStruct(WireValues.toWire(struct), PmFlowsRequest.class));
    }

    private Object send(PmFlowsRequest request) {
        String op = request.op();
        ReturnValue answer = moduleHosts.relay(host, "pm_flows", request);
        if (!answer.isSuccess()) {
            throw new GatewayException("%s of PM %s on %s failed: %s".formatted(op, pm, host.name(), answer.message()));
        }
        try {
            return request.readAnswer(answer.value());
        } catch (WireFormatException e) {
            throw new GatewayException("%s of PM %s on %s: %s".formatted(op, pm, host.name(), e.getMessage()));
        }
    }

    /** export: copies of the states {@code filter} selects. */
    @SuppressWarnings("unchecked") // readAnswer reads export's answer as this list
    public List<PmFlowState> export(String element, String filter) {
        return (List<PmFlowState>) call("export", element, filter, Map.of());
    }

    /** hand_over: once the filter's traffic has been quiet {@code quietMs}, the packets the instance held. */
    @SuppressWarnings("unchecked") // readAnswer reads hand_over's answer as this list
    public List<HandedOverPacket> handOver(String element, String filter, int quietMs) {
        return (List<HandedOverPacket>) call("hand_over", element, filter, Map.of("quiet_ms", quietMs));
    }

    /** release: processes {@code packets}, then what the instance held itself, and unfreezes the filter. */
    public ReleaseSummary release(String element, String filter, List<HandedOverPacket> packets) {
        return (ReleaseSummary) call("release", element, filter, Map.of("packets", packets));
    }

    @Override
    public String toString() {
        return pm + " on " + host.name();
    }
}
