package org.flowstream.lang.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.lang.ast.HeaderLine;
import org.flowstream.lang.catalogue.PmType;
import org.flowstream.lang.config.ConfigArg;
import org.flowstream.lang.model.Connection;
import org.flowstream.lang.model.NetworkService;
import org.flowstream.lang.model.ProcessingModule;

/** Assembles the {@link NetworkService} from a flattened graph that passed every check. */
final class ModelBuilder {

    private ModelBuilder() {}

    static NetworkService build(
            List<HeaderLine> header,
            FlatGraph graph,
            EndpointReader.Endpoints endpoints,
            PlacementAnnotations annotations) {
        Map<String, String> headerValues = new LinkedHashMap<>();
        header.forEach(line -> headerValues.put(line.key(), line.value()));
        List<ProcessingModule> modules = new ArrayList<>();
        for (FlatNode node : graph.elements()) {
            if (node.elementClass instanceof ElementClass.Pm pm) {
                modules.add(module(node, pm.type(), annotations));
            }
        }
        List<Connection> connections = new ArrayList<>();
        for (FlatEdge edge : graph.liveEdges()) {
            double pps = annotations.packetsPerSecond.getOrDefault(edge, 0.0);
            connections.add(new Connection(edge.from.name, edge.fromPort, edge.to.name, edge.toPort, pps));
        }
        return new NetworkService(
                headerValues,
                List.copyOf(endpoints.sources().values()),
                modules,
                List.copyOf(endpoints.sinks().values()),
                connections,
                annotations.paths);
    }

    private static ProcessingModule module(FlatNode node, PmType type, PlacementAnnotations annotations) {
        List<String> args = node.args.stream().map(ConfigArg::value).toList();
        double cpu = annotations.cpuCores.getOrDefault(node.name, type.defaultCpuCores());
        long memory = annotations.memoryMb.getOrDefault(node.name, type.defaultMemoryMb());
        int inputs = Math.max(type.inputs().min(), highestPort(node.incoming, true) + 1);
        int outputs = Math.max(type.outputs().min(), highestPort(node.outgoing, false) + 1);
        return new ProcessingModule(node.name, type.className(), args, cpu, memory, inputs, outputs);
    }

    private static int highestPort(List<FlatEdge> edges, boolean inputs) {
        return edges.stream()
                .mapToInt(e -> inputs ? e.toPort : e.fromPort)
                .max()
                .orElse(-1);
    }
}
