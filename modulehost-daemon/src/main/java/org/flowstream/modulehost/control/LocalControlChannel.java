package org.flowstream.modulehost.control;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.flowstream.contracts.move.PmFlows;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.PmFlowsRequest;
import org.flowstream.modulehost.runtime.PmGraph;

/**
 * The control channel without the socket: requests for PMs whose graphs run in this process (a benchmark, a
 * test) go through the same JSON shapes as over a PM's socket, so a move sees the same answers either way.
 */
public final class LocalControlChannel implements PmFlows {

    private final Map<String, ControlOps> pms;

    /** {@code graphs}: PM name to its running graph. */
    public LocalControlChannel(Map<String, PmGraph> graphs) {
        this.pms = Map.copyOf(graphs.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new ControlOps(e.getValue()))));
    }

    @Override
    public Object call(PmFlowsRequest request) {
        ControlOps ops = pms.get(request.pm());
        if (ops == null) {
            throw new IllegalArgumentException("no PM named '" + request.pm() + "' in this process");
        }
        Map<String, Object> toPm = new LinkedHashMap<>(Structs.toStruct(request));
        toPm.remove("pm"); // as the module host sends it: the PM knows who it is
        Object answer = ops.answer(Json.MAPPER.convertValue(toPm, ControlRequest.class));
        return request.readAnswer(Json.MAPPER.convertValue(answer, Object.class));
    }
}
