package org.flowstream.resource.placer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowstream.lang.model.BoundedPath;
import org.flowstream.lang.model.Connection;
import org.flowstream.lang.model.NetworkService;
import org.flowstream.lang.model.ProcessingModule;
import org.flowstream.lang.model.Sink;
import org.flowstream.lang.model.Source;
import org.flowstream.placement.domain.IoNode;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceGraphBuilder;
import org.flowstream.resource.hosts.ModuleHost;

/**
 * Describes this running platform and its requests in the placement engine's terms (§3.2.1): one switch,
 * the registered module hosts as servers on it, the switch's outside ports as I/O nodes; a request's
 * FromNets, PMs, ToNets, connections and delay bounds as a network service.
 */
final class EngineModelMapper {

    /** Links inside one machine (veth into a software switch): 10 Gbps, delay 1, as the paper's internal links. */
    static final long LINK_BPS = 10_000_000_000L;

    static final int LINK_DELAY = 1;
    /** The paper's packet size (§3.2.4): packets per second times this many bytes is the bandwidth reserved. */
    static final long PACKET_BYTES = 1024;

    private EngineModelMapper() {}

    static Platform platform(List<ModuleHost> hosts, List<String> ioPorts) {
        Platform.Builder b = Platform.builder("flowstream");
        int sw = b.switchNode("switch");
        for (String io : ioPorts) {
            b.connect(b.ioNode("io:" + io), sw, LINK_BPS, LINK_DELAY);
        }
        for (ModuleHost h : hosts) {
            int server =
                    b.server(serverName(h.name()), (int) Math.round(h.cpuCores() * 100), h.memoryMb(), LINK_BPS, 0);
            b.connect(server, sw, LINK_BPS, LINK_DELAY);
        }
        return b.build();
    }

    static ServiceGraph service(
            String id, NetworkService request, Platform platform, ServiceGraphBuilder b, List<String> ioPorts) {
        for (Source s : request.sources()) {
            b.source(s.name(), io(platform, s.ioNode().isEmpty() ? ioPorts.get(0) : s.ioNode()));
        }
        for (ProcessingModule pm : request.modules()) {
            b.pm(pm.name(), (int) Math.max(1, Math.round(pm.cpuCores() * 100)), pm.memoryMb());
        }
        for (Sink s : request.sinks()) {
            List<IoNode> allowed = new ArrayList<>();
            (s.ioNodes().isEmpty() ? ioPorts : s.ioNodes()).forEach(n -> allowed.add(io(platform, n)));
            b.sink(s.name(), allowed);
        }
        // The engine knows one link per pair of nodes; two ports between the same pair share it.
        Map<List<String>, Double> pps = new java.util.LinkedHashMap<>();
        for (Connection c : request.connections()) {
            pps.merge(List.of(c.from(), c.to()), c.packetsPerSecond(), Double::sum);
        }
        pps.forEach((pair, rate) -> b.link(pair.get(0), pair.get(1), Math.round(rate * PACKET_BYTES * 8)));
        for (BoundedPath p : request.paths()) {
            for (List<String> chain : chains(request, p)) {
                b.delayBound((int) Math.floor(p.maxDelayMs()), chain);
            }
        }
        return b.build();
    }

    /** The node chains a bound covers: the one through its via nodes, or every path from source to sink. */
    static List<List<String>> chains(NetworkService request, BoundedPath bound) {
        List<List<String>> all = new ArrayList<>();
        extend(request, new ArrayList<>(List.of(bound.source())), bound.sink(), all);
        return all.stream().filter(chain -> containsInOrder(chain, bound.via())).toList();
    }

    private static void extend(NetworkService request, List<String> chain, String sink, List<List<String>> out) {
        String last = chain.get(chain.size() - 1);
        if (last.equals(sink)) {
            out.add(List.copyOf(chain));
            return;
        }
        for (Connection c : request.connections()) {
            if (c.from().equals(last) && !chain.contains(c.to())) {
                chain.add(c.to());
                extend(request, chain, sink, out);
                chain.remove(chain.size() - 1);
            }
        }
    }

    private static boolean containsInOrder(List<String> chain, List<String> via) {
        int at = 0;
        for (String node : chain) {
            if (at < via.size() && node.equals(via.get(at))) {
                at++;
            }
        }
        return at == via.size();
    }

    private static IoNode io(Platform platform, String name) {
        try {
            return platform.ioNode("io:" + name);
        } catch (IllegalArgumentException e) {
            throw new org.flowstream.resource.allocation.RequestRejectedException(
                    "this platform has no I/O node '" + name + "'");
        }
    }

    /** A module host's server in the engine's platform. */
    static String serverName(String hostName) {
        return "host:" + hostName;
    }

    static Map<String, String> hostNames(Map<String, String> pmServers) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        pmServers.forEach((pm, server) -> out.put(pm, server.startsWith("host:") ? server.substring(5) : server));
        return out;
    }
}
