package org.flowstream.modulehost.control;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.records.modulehost.HandedOverPacket;
import org.flowstream.contracts.records.modulehost.PmFlowState;
import org.flowstream.modulehost.runtime.Element;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.PmGraph;
import org.flowstream.modulehost.runtime.RuntimeContext;
import org.flowstream.modulehost.state.FlowFilter;
import org.flowstream.modulehost.state.FlowGate;
import org.flowstream.modulehost.state.StatefulElement;

/**
 * What each control request does to a PM graph's stateful elements ({@link ControlRequest} lists the operations):
 * the PM's control socket runs it, and an in-process move (a benchmark, a test) calls it directly.
 */
public final class ControlOps {

    private final PmGraph graph;

    public ControlOps(PmGraph graph) {
        this.graph = graph;
    }

    /** Carries out one request; a bad one is an IllegalArgumentException in words, with nothing changed. */
    public Object answer(ControlRequest request) {
        String op = request.op() == null ? "" : request.op();
        if (op.equals("elements")) {
            return graph.elements().values().stream()
                    .filter(e -> e instanceof StatefulElement)
                    .map(Element::name)
                    .toList();
        }
        StatefulElement element = element(request.element());
        FlowFilter filter = FlowFilter.parse(request.filter() == null ? "" : request.filter());
        return switch (op) {
            case "export" -> element.exportFlows(filter);
            case "import" -> {
                List<PmFlowState> states = request.states() == null ? List.of() : request.states();
                element.importFlows(states);
                yield states.size();
            }
            case "delete" -> element.deleteFlows(filter);
            case "count" -> element.countFlows(filter);
            case "take" -> element.takeFlows(filter);
            case "reserve" -> {
                List<PmFlowState> states = request.states() == null ? List.of() : request.states();
                element.reserveFlows(states);
                yield states.size();
            }
            case "daisy" -> {
                element.gate().daisyChain(filter);
                yield element.gate().stats();
            }
            case "accept_daisy" -> {
                element.gate().acceptDaisyChained(filter);
                yield element.gate().stats();
            }
            case "end_daisy" -> {
                element.gate().endDaisyChain(filter);
                yield element.gate().stats();
            }
            case "global" -> {
                Map<String, Object> global = new LinkedHashMap<>(element.globalState());
                global.put("state_changes_only_by_expiry", element.stateChangesOnlyByExpiry());
                global.put("gate", element.gate().stats());
                yield global;
            }
            case "freeze" -> {
                element.gate().freeze(filter);
                yield element.gate().stats();
            }
            case "hand_over" -> handOver(graph, element, filter, request.quietMs());
            case "await" -> {
                element.gate().awaitState(filter);
                yield element.gate().stats();
            }
            case "release" -> release(element, filter, request.packets(), request.states());
            default ->
                throw new IllegalArgumentException("unknown control operation '" + op
                        + "' (elements, export, import, delete, count, take, reserve, global, daisy, accept_daisy, "
                        + "end_daisy, freeze, await, hand_over, release)");
        };
    }

    private StatefulElement element(String name) {
        Element element = name == null ? null : graph.elements().get(name);
        if (element instanceof StatefulElement stateful) {
            return stateful;
        }
        throw new IllegalArgumentException(
                element == null
                        ? "this PM has no element named '" + name + "'"
                        : "element '" + name + "' keeps no per-flow state that can move");
    }

    /** How long a hand-over waits at most for the PM's receive loops to push through what reached the PM. */
    static final long DRAIN_MAX_MILLIS = 2_000;

    /**
     * The old instance's hand-over, once every frame that reached this PM before it (the switch was rewired first)
     * has gone through the gate: a frame of the filter that waited unseen in a socket, processed after the
     * hand-over, would find no state and no daisy chain here and be processed as a new flow, its output sent where
     * the switch no longer has a rule for this PM's port.
     */
    private static List<HandedOverPacket> handOver(
            PmGraph graph, StatefulElement element, FlowFilter filter, int quietMs) {
        try {
            RuntimeContext.ReceiveMark mark = graph.context().markReceived();
            long now = element.gate().now();
            Base64.Encoder base64 = Base64.getEncoder();
            List<FlowGate.HeldPacket> taken =
                    element.gate().handOver(filter, Math.max(0, quietMs), () -> mark.awaitDrained(DRAIN_MAX_MILLIS));
            return taken.stream()
                    .map(p -> new HandedOverPacket(
                            p.port(),
                            base64.encodeToString(java.util.Arrays.copyOf(
                                    p.packet().buffer(),
                                    Packet.HEADROOM + p.packet().length())),
                            (int) ((now - p.heldAtNanos()) / 1000)))
                    .toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the filter's traffic to stop");
        }
    }

    private static Map<String, Object> release(
            StatefulElement element, FlowFilter filter, List<HandedOverPacket> packets, List<PmFlowState> states) {
        long now = element.gate().now();
        Base64.Decoder base64 = Base64.getDecoder();
        List<FlowGate.HeldPacket> arrived = (packets == null ? List.<HandedOverPacket>of() : packets)
                .stream()
                        .map(p -> {
                            byte[] buffer = base64.decode(p.buffer());
                            if (buffer.length <= Packet.HEADROOM) {
                                throw new IllegalArgumentException("a handed-over packet is shorter than its header");
                            }
                            return new FlowGate.HeldPacket(
                                    p.port(),
                                    new Packet(buffer, buffer.length - Packet.HEADROOM),
                                    null,
                                    now - p.heldUs() * 1000L);
                        })
                        .toList();
        // States sent along are imported first, under the same lock: the held packets find them.
        long[] waited = element.gate().release(filter, arrived, () -> {
            if (states != null && !states.isEmpty()) {
                element.importFlows(states);
            }
        });
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("processed", waited.length);
        result.put("handed_over", arrived.size());
        result.put("hold_us_p50", FlowGate.percentile(waited, 0.50));
        result.put("hold_us_p99", FlowGate.percentile(waited, 0.99));
        result.put("hold_us_max", waited.length == 0 ? 0 : waited[waited.length - 1]);
        result.put("hold_us", waited); // every packet's wait, sorted: a phased move adds up its batches' holds
        return result;
    }
}
