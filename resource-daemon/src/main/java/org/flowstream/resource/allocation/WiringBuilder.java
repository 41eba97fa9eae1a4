package org.flowstream.resource.allocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.flowstream.contracts.records.openflow.ConnectionWiring;
import org.flowstream.contracts.records.openflow.WiringHop;
import org.flowstream.contracts.records.openflow.WiringPath;
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

    public ConnectionWiring build(int allocationId, NetworkService service, List<PlacedPm> instances) {
        Map<String, PlacedPm> byPm = instances.stream().collect(Collectors.toMap(PlacedPm::pm, i -> i));
        Set<String> pmNames =
                service.modules().stream().map(ProcessingModule::name).collect(Collectors.toSet());
        Map<String, Sink> sinks = service.sinks().stream().collect(Collectors.toMap(Sink::name, s -> s));
        List<WiringPath> paths = new ArrayList<>();
        for (Source source : service.sources()) {
            walk(service, source, source.name(), new ArrayList<>(), byPm, pmNames, sinks, paths);
        }
        if (paths.isEmpty()) {
            throw new IllegalStateException(
                    "allocation %d has no path from a FromNet to a ToNet".formatted(allocationId));
        }
        // vlan false: every PM interface is its own switch port, so ports alone keep hops apart
        return new ConnectionWiring(allocationId, null, false, paths);
    }

    private void walk(
            NetworkService service,
            Source source,
            String node,
            List<WiringHop> hops,
            Map<String, PlacedPm> byPm,
            Set<String> pmNames,
            Map<String, Sink> sinks,
            List<WiringPath> paths) {
        for (Connection c : service.connections()) {
            if (!c.from().equals(node)) {
                continue;
            }
            List<WiringHop> next = new ArrayList<>(hops);
            if (pmNames.contains(node)) {
                next.set(next.size() - 1, withOutPort(next.get(next.size() - 1), byPm.get(node), c.fromPort()));
            }
            if (sinks.containsKey(c.to())) {
                paths.add(path(source, sinks.get(c.to()), next));
            } else if (pmNames.contains(c.to())) {
                PlacedPm pm = byPm.get(c.to());
                next.add(new WiringHop(c.to(), null, switchPort(pm, "p" + c.toPort()), null));
                walk(service, source, c.to(), next, byPm, pmNames, sinks, paths);
            }
        }
    }

    private static WiringHop withOutPort(WiringHop hop, PlacedPm pm, int outPort) {
        return new WiringHop(hop.name(), null, hop.inPort(), switchPort(pm, "p" + outPort));
    }

    private WiringPath path(Source source, Sink sink, List<WiringHop> hops) {
        return new WiringPath(
                source.matchString(),
                ioPort(source.ioNode().isEmpty() ? firstIoNode() : source.ioNode(), source.name()),
                ioPort(sink.ioNodes().isEmpty() ? firstIoNode() : sink.ioNodes().get(0), sink.name()),
                List.copyOf(hops));
    }

    private static long switchPort(PlacedPm pm, String iface) {
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
