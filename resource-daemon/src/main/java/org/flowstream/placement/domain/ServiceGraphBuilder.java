package org.flowstream.placement.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds one network service; keys come from a counter shared by every service of a problem. */
public final class ServiceGraphBuilder {
    private final String id;
    private final String type;
    private final AtomicInteger keys;
    private final List<SourceNode> sources = new ArrayList<>();
    private final List<ModuleNode> pms = new ArrayList<>();
    private final List<SinkNode> sinks = new ArrayList<>();
    private final List<ServiceLink> links = new ArrayList<>();
    private final List<DelayBound> bounds = new ArrayList<>();
    private final Map<String, ServiceNode> byName = new HashMap<>();

    public ServiceGraphBuilder(String id, String type, AtomicInteger keys) {
        this.id = id;
        this.type = type;
        this.keys = keys;
    }

    private <N extends ServiceNode> N register(N node) {
        if (byName.putIfAbsent(node.name(), node) != null)
            throw new IllegalArgumentException("service " + id + " has two nodes named " + node.name());
        return node;
    }

    public SourceNode source(String name, IoNode ioNode) {
        SourceNode s = register(new SourceNode(keys.getAndIncrement(), name, id, ioNode));
        sources.add(s);
        return s;
    }

    public ModuleNode pm(String name, int cpuCenti, long memoryMb) {
        ModuleNode pm = register(new ModuleNode(keys.getAndIncrement(), name, id, cpuCenti, memoryMb));
        pms.add(pm);
        return pm;
    }

    public SinkNode sink(String name, List<IoNode> allowed) {
        SinkNode s = register(new SinkNode(keys.getAndIncrement(), name, id, allowed));
        sinks.add(s);
        return s;
    }

    public ServiceLink link(String from, String to, long trafficBps) {
        ServiceNode a = node(from);
        ServiceNode b = node(to);
        for (ServiceLink l : links) {
            if (l.from() == a && l.to() == b)
                throw new IllegalArgumentException("service " + id + " links " + from + "->" + to + " twice");
        }
        ServiceLink l = new ServiceLink(keys.getAndIncrement(), id, a, b, trafficBps);
        links.add(l);
        return l;
    }

    /** A delay bound on the path through the named nodes, from a source to a sink. */
    public DelayBound delayBound(int bound, List<String> nodeNames) {
        List<ServiceLink> path = new ArrayList<>();
        for (int i = 1; i < nodeNames.size(); i++) {
            ServiceNode a = node(nodeNames.get(i - 1));
            ServiceNode b = node(nodeNames.get(i));
            ServiceLink found = null;
            for (ServiceLink l : links) if (l.from() == a && l.to() == b) found = l;
            if (found == null)
                throw new IllegalArgumentException(
                        "delay path of " + id + " uses " + a.name() + "->" + b.name() + ", which is not a link");
            path.add(found);
        }
        DelayBound d = new DelayBound(id + "#delay" + bounds.size(), id, path, bound);
        bounds.add(d);
        return d;
    }

    public ServiceNode node(String name) {
        ServiceNode n = byName.get(name);
        if (n == null) throw new IllegalArgumentException("service " + id + " has no node " + name);
        return n;
    }

    public ServiceGraph build() {
        if (pms.isEmpty()) throw new IllegalArgumentException("service " + id + " has no PM");
        ServiceGraph ns = new ServiceGraph(id, type, sources, pms, sinks, links, bounds);
        ns.pmsInTopologicalOrder(); // rejects cycles now rather than inside the solver
        return ns;
    }
}
