package org.flowstream.resource.allocation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.flowstream.contracts.records.resource.PlacedPm;
import org.flowstream.lang.model.Connection;
import org.flowstream.lang.model.NetworkService;
import org.flowstream.lang.model.ProcessingModule;
import org.flowstream.lang.model.Sink;
import org.flowstream.lang.model.Source;

/**
 * Turns a placed and started allocation into the openflow daemon's wiring (create_connections' alloc): one
 * path for every way traffic can go from a FromNet through PMs to a ToNet, each PM with the switch ports its
 * input and output interfaces got.
 */
public final class WiringBuilder {

    private final Map<String, Integer> ioPorts;

    public WiringBuilder(Map<String, Integer> ioPorts) {
        this.ioPorts = ioPorts;
    }

    public Map<String, Object> build(int allocationId, NetworkService service, List<PlacedPm> instances) {
        Map<String, PlacedPm> byPm = instances.stream().collect(Collectors.toMap(PlacedPm::pm, i -> i));
        Set<String> pmNames =
                service.modules().stream().map(ProcessingModule::name).collect(Collectors.toSet());
        Map<String, Sink> sinks = service.sinks().stream().collect(Collectors.toMap(Sink::name, s -> s));
        List<Map<String, Object>> paths = new ArrayList<>();
        for (Source source : service.sources()) {
            walk(service, source, source.name(), new ArrayList<>(), byPm, pmNames, sinks, paths);
        }
        if (paths.isEmpty()) {
            throw new IllegalStateException(
                    "allocation %d has no path from a FromNet to a ToNet".formatted(allocationId));
        }
        Map<String, Object> wiring = new LinkedHashMap<>();
        wiring.put("alloc_id", allocationId);
        wiring.put("vlan", false); // every PM interface is its own switch port: ports alone keep hops apart
        wiring.put("paths", paths);
        return wiring;
    }

    private void walk(
            NetworkService service,
            Source source,
            String node,
            List<Map<String, Object>> hops,
            Map<String, PlacedPm> byPm,
            Set<String> pmNames,
            Map<String, Sink> sinks,
            List<Map<String, Object>> paths) {
        for (Connection c : service.connections()) {
            if (!c.from().equals(node)) {
                continue;
            }
            List<Map<String, Object>> next = new ArrayList<>(hops);
            if (pmNames.contains(node)) {
                next.set(next.size() - 1, withOutPort(next.get(next.size() - 1), byPm.get(node), c.fromPort()));
            }
            if (sinks.containsKey(c.to())) {
                paths.add(path(source, sinks.get(c.to()), next));
            } else if (pmNames.contains(c.to())) {
                PlacedPm pm = byPm.get(c.to());
                Map<String, Object> hop = new LinkedHashMap<>();
                hop.put("name", c.to());
                hop.put("in_port", switchPort(pm, "p" + c.toPort()));
                next.add(hop);
                walk(service, source, c.to(), next, byPm, pmNames, sinks, paths);
            }
        }
    }

    private static Map<String, Object> withOutPort(Map<String, Object> hop, PlacedPm pm, int outPort) {
        Map<String, Object> copy = new LinkedHashMap<>(hop);
        copy.put("out_port", switchPort(pm, "p" + outPort));
        return copy;
    }

    private Map<String, Object> path(Source source, Sink sink, List<Map<String, Object>> hops) {
        Map<String, Object> path = new LinkedHashMap<>();
        path.put("match", source.matchString());
        path.put("from_port", ioPort(source.ioNode().isEmpty() ? firstIoNode() : source.ioNode(), source.name()));
        path.put(
                "to_port",
                ioPort(sink.ioNodes().isEmpty() ? firstIoNode() : sink.ioNodes().get(0), sink.name()));
        path.put("pms", hops);
        return path;
    }

    private static int switchPort(PlacedPm pm, String iface) {
        Integer port = pm == null ? null : pm.switchPorts().get(iface);
        if (port == null) {
            throw new IllegalStateException(
                    "PM %s has no switch port for %s".formatted(pm == null ? "?" : pm.pm(), iface));
        }
        return port;
    }

    private int ioPort(String ioNode, String element) {
        Integer port = ioPorts.get(ioNode);
        if (port == null) {
            throw new RequestRejectedException("%s names I/O node '%s', which this platform does not have; it has: %s"
                    .formatted(element, ioNode, String.join(", ", ioPorts.keySet())));
        }
        return port;
    }

    private String firstIoNode() {
        return ioPorts.keySet().stream()
                .findFirst()
                .orElseThrow(() ->
                        new RequestRejectedException("this platform has no I/O ports configured (settings.ioPorts)"));
    }
}
