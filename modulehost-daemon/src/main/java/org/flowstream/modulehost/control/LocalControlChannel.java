package org.flowstream.modulehost.control;

import java.util.Map;
import org.flowstream.modulehost.migrate.FlowStates;
import org.flowstream.modulehost.runtime.PmGraph;

/**
 * The control channel without the socket: requests for PMs whose graphs run in this process (a benchmark, a
 * test) go through the same JSON shapes as over a PM's socket, so a move sees the same answers either way.
 */
public final class LocalControlChannel implements FlowStates {

    private final Map<String, ControlOps> pms;

    /** {@code graphs}: PM name to its running graph. */
    public LocalControlChannel(Map<String, PmGraph> graphs) {
        this.pms = Map.copyOf(graphs.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> new ControlOps(e.getValue()))));
    }

    @Override
    public Object call(Map<String, Object> request) {
        Map<String, Object> rest = new java.util.LinkedHashMap<>(request);
        Object pm = rest.remove("pm");
        ControlOps ops = pms.get(String.valueOf(pm));
        if (ops == null) {
            throw new IllegalArgumentException("no PM named '" + pm + "' in this process");
        }
        Object answer = ops.answer(Json.MAPPER.convertValue(rest, ControlRequest.class));
        return Json.MAPPER.convertValue(answer, Object.class);
    }
}
