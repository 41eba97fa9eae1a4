package org.flowstream.placement.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * A network service (§3.2.1): a DAG of sources, PMs and sinks. The lists hold the objects the
 * service was built with; code that works on a solver's clone looks entities up by key instead.
 */
public record ServiceGraph(
        String id,
        String type,
        List<SourceNode> sources,
        List<ModuleNode> pms,
        List<SinkNode> sinks,
        List<ServiceLink> links,
        List<DelayBound> delayBounds) {

    public ServiceGraph {
        sources = List.copyOf(sources);
        pms = List.copyOf(pms);
        sinks = List.copyOf(sinks);
        links = List.copyOf(links);
        delayBounds = List.copyOf(delayBounds);
    }

    /** PMs in an order where every PM comes after the PMs that send to it. */
    public List<ModuleNode> pmsInTopologicalOrder() {
        List<ModuleNode> order = new ArrayList<>(pms.size());
        java.util.Map<Integer, Integer> indegree = new java.util.HashMap<>();
        for (ModuleNode pm : pms) indegree.put(pm.key(), 0);
        for (ServiceLink l : links) {
            if (l.kind() == ServiceLink.Kind.INTERNAL) indegree.merge(l.toKey(), 1, Integer::sum);
        }
        java.util.ArrayDeque<ModuleNode> ready = new java.util.ArrayDeque<>();
        for (ModuleNode pm : pms) if (indegree.get(pm.key()) == 0) ready.add(pm);
        java.util.Map<Integer, ModuleNode> byKey = new java.util.HashMap<>();
        for (ModuleNode pm : pms) byKey.put(pm.key(), pm);
        while (!ready.isEmpty()) {
            ModuleNode pm = ready.poll();
            order.add(pm);
            for (ServiceLink l : links) {
                if (l.kind() == ServiceLink.Kind.INTERNAL && l.fromKey() == pm.key()) {
                    if (indegree.merge(l.toKey(), -1, Integer::sum) == 0) ready.add(byKey.get(l.toKey()));
                }
            }
        }
        if (order.size() != pms.size())
            throw new IllegalArgumentException("service " + id + " is not a DAG (it has a cycle)");
        return order;
    }
}
