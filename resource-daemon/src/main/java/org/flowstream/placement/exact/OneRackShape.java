package org.flowstream.placement.exact;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowstream.placement.domain.IoNode;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.PlatformLink;
import org.flowstream.placement.domain.Route;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceLink;
import org.flowstream.placement.domain.SinkNode;
import org.flowstream.placement.domain.SourceNode;

/**
 * The condition under which {@link ExactPlacementSearch}'s model is exact, checked on the platform's own
 * routes rather than assumed: every route between two different servers is the sender's uplink then the
 * receiver's downlink; every route from an I/O node to a server is a fixed path (the same for every
 * server) then the server's downlink, and the reverse for routes to an I/O node; every sink has one
 * allowed I/O node. Then a placement's loads and delays are linear in "PM p is on server s" and "both
 * ends of link l are on server s": the fixed paths carry the same traffic whatever the placement.
 * The basic platform (one ToR, one I/O node, 40 servers) has this shape.
 */
final class OneRackShape {
    /** The model has a boolean per PM and server: beyond this many servers it is left to the heuristic search. */
    static final int MAX_SERVERS = 64;

    /** The fixed part of the routes from an I/O node to every server, and of the routes back. */
    record IoPaths(
            List<PlatformLink> toServers, int toServersDelay, List<PlatformLink> fromServers, int fromServersDelay) {}

    final Map<IoNode, IoPaths> ioPaths;

    private OneRackShape(Map<IoNode, IoPaths> ioPaths) {
        this.ioPaths = ioPaths;
    }

    /** The shape, or why the platform or the services do not have it (in words). */
    static Result of(Platform platform, List<ServiceGraph> services) {
        List<ServerNode> servers = platform.servers();
        if (servers.size() < 2) return Result.not("fewer than 2 servers");
        if (servers.size() > MAX_SERVERS) return Result.not("more than " + MAX_SERVERS + " servers");
        for (ServerNode a : servers) {
            for (ServerNode b : servers) {
                if (a == b) continue;
                Route r = platform.route(a, b);
                if (r.links().length != 2
                        || r.links()[0] != a.uplink()
                        || r.links()[1] != b.downlink()
                        || r.delay() != a.uplink().delay() + b.downlink().delay())
                    return Result.not("servers " + a.name() + " and " + b.name() + " are not one switch apart");
            }
        }
        Map<IoNode, IoPaths> paths = new HashMap<>();
        for (ServiceGraph ns : services) {
            for (SinkNode sink : ns.sinks())
                if (sink.getAllowed().size() != 1)
                    return Result.not("sink " + sink.name() + " of " + ns.id() + " may use several I/O nodes");
            List<IoNode> ios = new ArrayList<>();
            for (SourceNode s : ns.sources()) ios.add(s.ioNode());
            for (SinkNode s : ns.sinks()) ios.add(s.getAllowed().get(0));
            for (IoNode io : ios) {
                if (paths.containsKey(io)) continue;
                Optional<IoPaths> p = fixedPaths(platform, io);
                if (p.isEmpty()) return Result.not("routes of I/O node " + io.name() + " differ between servers");
                paths.put(io, p.get());
            }
        }
        return new Result(Optional.of(new OneRackShape(paths)), "");
    }

    /** The shape when present; otherwise {@code whyNot} says why. */
    record Result(Optional<OneRackShape> shape, String whyNot) {
        static Result not(String why) {
            return new Result(Optional.empty(), why);
        }
    }

    private static Optional<IoPaths> fixedPaths(Platform platform, IoNode io) {
        List<PlatformLink> in = null, out = null;
        int inDelay = 0, outDelay = 0;
        for (ServerNode s : platform.servers()) {
            Route r = platform.route(io, s);
            int n = r.links().length;
            if (n == 0 || r.links()[n - 1] != s.downlink()) return Optional.empty();
            List<PlatformLink> prefix = List.of(r.links()).subList(0, n - 1);
            int prefixDelay = r.delay() - s.downlink().delay();
            if (in == null) {
                in = prefix;
                inDelay = prefixDelay;
            } else if (!in.equals(prefix) || inDelay != prefixDelay) return Optional.empty();
            Route back = platform.route(s, io);
            int m = back.links().length;
            if (m == 0 || back.links()[0] != s.uplink()) return Optional.empty();
            List<PlatformLink> suffix = List.of(back.links()).subList(1, m);
            int suffixDelay = back.delay() - s.uplink().delay();
            if (out == null) {
                out = suffix;
                outDelay = suffixDelay;
            } else if (!out.equals(suffix) || outDelay != suffixDelay) return Optional.empty();
        }
        return Optional.of(new IoPaths(in, inDelay, out, outDelay));
    }

    /** The traffic every I/O path carries whatever the placement: each link of it, with its total load. */
    Map<PlatformLink, Long> fixedLoads(List<ServiceGraph> services) {
        Map<PlatformLink, Long> load = new HashMap<>();
        for (ServiceGraph ns : services) {
            for (ServiceLink l : ns.links()) {
                List<PlatformLink> path = switch (l.kind()) {
                    case INGRESS ->
                        ioPaths.get(((SourceNode) l.from()).ioNode()).toServers();
                    case EGRESS ->
                        ioPaths.get(((SinkNode) l.to()).getAllowed().get(0)).fromServers();
                    case INTERNAL -> List.of();
                };
                for (PlatformLink pl : path) load.merge(pl, l.trafficBps(), Long::sum);
            }
        }
        return load;
    }
}
