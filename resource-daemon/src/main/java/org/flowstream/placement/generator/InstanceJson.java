package org.flowstream.placement.generator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowstream.placement.domain.DelayBound;
import org.flowstream.placement.domain.IoNode;
import org.flowstream.placement.domain.NodeKind;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.PlatformLink;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceGraphBuilder;
import org.flowstream.placement.domain.ServiceLink;

/**
 * Instance files: the platform (nodes and bidirectional links) and the services, by name. Importing
 * an exported instance gives the same instance, keys included.
 */
public final class InstanceJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public record NodeJson(
            String name, String kind, Integer cpuCenti, Long memoryMb, Long internalBps, Integer intraDelay) {}

    public record LinkJson(String a, String b, long bpsAtoB, long bpsBtoA, int delay) {}

    public record PlatformJson(String name, List<NodeJson> nodes, List<LinkJson> links) {}

    public record SourceJson(String name, String io) {}

    public record PmJson(String name, int cpuCenti, long memoryMb) {}

    public record SinkJson(String name, List<String> allowed) {}

    public record ServiceLinkJson(String from, String to, long trafficBps) {}

    public record DelayBoundJson(int bound, List<String> path) {}

    public record ServiceJson(
            String id,
            String type,
            List<SourceJson> sources,
            List<PmJson> pms,
            List<SinkJson> sinks,
            List<ServiceLinkJson> links,
            List<DelayBoundJson> delayBounds) {}

    public record InstanceFile(PlatformJson platform, List<ServiceJson> services) {}

    private InstanceJson() {}

    public static String write(PlacementInstance instance) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toFile(instance));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void write(PlacementInstance instance, Path path) throws IOException {
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(path.toFile(), toFile(instance));
    }

    public static PlacementInstance read(String json) throws IOException {
        return fromFile(MAPPER.readValue(json, InstanceFile.class));
    }

    public static PlacementInstance read(Path path) throws IOException {
        return fromFile(MAPPER.readValue(path.toFile(), InstanceFile.class));
    }

    public static PlatformJson platformJson(Platform p) {
        List<NodeJson> nodes = new ArrayList<>();
        for (int n = 0; n < p.nodeCount(); n++) {
            NodeKind kind = p.nodeKind(n);
            if (kind == NodeKind.SERVER) {
                var s = p.server(p.nodeName(n));
                nodes.add(
                        new NodeJson(s.name(), "server", s.cpuCenti(), s.memoryMb(), s.internalBps(), s.intraDelay()));
            } else {
                nodes.add(new NodeJson(p.nodeName(n), kind == NodeKind.IO ? "io" : "switch", null, null, null, null));
            }
        }
        List<LinkJson> links = new ArrayList<>();
        List<PlatformLink> all = p.links();
        for (int i = 0; i + 1 < all.size(); i += 2) {
            PlatformLink ab = all.get(i);
            PlatformLink ba = all.get(i + 1);
            links.add(new LinkJson(
                    p.nodeName(ab.from()), p.nodeName(ab.to()), ab.capacityBps(), ba.capacityBps(), ab.delay()));
        }
        return new PlatformJson(p.name(), nodes, links);
    }

    public static ServiceJson serviceJson(ServiceGraph ns) {
        List<SourceJson> sources = ns.sources().stream()
                .map(s -> new SourceJson(s.name(), s.ioNode().name()))
                .toList();
        List<PmJson> pms = ns.pms().stream()
                .map(pm -> new PmJson(pm.name(), pm.cpuCenti(), pm.memoryMb()))
                .toList();
        List<SinkJson> sinks = ns.sinks().stream()
                .map(s -> new SinkJson(
                        s.name(), s.getAllowed().stream().map(IoNode::name).toList()))
                .toList();
        List<ServiceLinkJson> links = ns.links().stream()
                .map(l -> new ServiceLinkJson(l.from().name(), l.to().name(), l.trafficBps()))
                .toList();
        List<DelayBoundJson> bounds = new ArrayList<>();
        for (DelayBound b : ns.delayBounds()) {
            List<String> path = new ArrayList<>();
            path.add(b.path().get(0).from().name());
            for (ServiceLink l : b.path()) path.add(l.to().name());
            bounds.add(new DelayBoundJson(b.bound(), path));
        }
        return new ServiceJson(ns.id(), ns.type(), sources, pms, sinks, links, bounds);
    }

    private static InstanceFile toFile(PlacementInstance instance) {
        return new InstanceFile(
                platformJson(instance.platform()),
                instance.services().stream().map(InstanceJson::serviceJson).toList());
    }

    public static Platform platformFrom(PlatformJson pj) {
        Platform.Builder b = Platform.builder(pj.name());
        for (NodeJson n : pj.nodes()) {
            switch (n.kind()) {
                case "io" -> b.ioNode(n.name());
                case "switch" -> b.switchNode(n.name());
                case "server" -> b.server(n.name(), n.cpuCenti(), n.memoryMb(), n.internalBps(), n.intraDelay());
                default ->
                    throw new IllegalArgumentException(
                            "node " + n.name() + " has unknown kind " + n.kind() + " (io, switch or server)");
            }
        }
        for (LinkJson l : pj.links()) b.connect(b.node(l.a()), b.node(l.b()), l.bpsAtoB(), l.bpsBtoA(), l.delay());
        return b.build();
    }

    /** Builds a service against a platform, taking keys from the shared counter. */
    public static ServiceGraph serviceFrom(ServiceJson sj, Platform platform, AtomicInteger keys) {
        ServiceGraphBuilder b = new ServiceGraphBuilder(sj.id(), sj.type(), keys);
        for (SourceJson s : sj.sources()) b.source(s.name(), io(platform, s.io(), sj.id()));
        for (PmJson pm : sj.pms()) b.pm(pm.name(), pm.cpuCenti(), pm.memoryMb());
        for (SinkJson s : sj.sinks())
            b.sink(
                    s.name(),
                    s.allowed().stream().map(n -> io(platform, n, sj.id())).toList());
        for (ServiceLinkJson l : sj.links()) b.link(l.from(), l.to(), l.trafficBps());
        if (sj.delayBounds() != null) for (DelayBoundJson d : sj.delayBounds()) b.delayBound(d.bound(), d.path());
        return b.build();
    }

    private static IoNode io(Platform platform, String name, String serviceId) {
        IoNode io = platform.ioNode(name);
        if (io == null)
            throw new IllegalArgumentException(
                    "service " + serviceId + " names I/O node " + name + ", which the platform does not have");
        return io;
    }

    private static PlacementInstance fromFile(InstanceFile f) {
        Platform platform = platformFrom(f.platform());
        AtomicInteger keys = new AtomicInteger();
        List<ServiceGraph> services = new ArrayList<>();
        for (ServiceJson sj : f.services()) services.add(serviceFrom(sj, platform, keys));
        return new PlacementInstance(platform, services);
    }
}
