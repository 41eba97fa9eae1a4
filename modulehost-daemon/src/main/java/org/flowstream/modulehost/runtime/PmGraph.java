package org.flowstream.modulehost.runtime;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A running element graph: built from a {@link GraphConfig} (instantiate, configure, wire, check ports),
 * initialized, then driven by its sources' threads until {@link #stop()}.
 */
public final class PmGraph {

    private final Map<String, Element> elements;
    private final RuntimeContext context;

    private PmGraph(Map<String, Element> elements, RuntimeContext context) {
        this.elements = elements;
        this.context = context;
    }

    /** Builds and initializes the graph; every problem found comes back in one ConfigException. */
    public static PmGraph build(GraphConfig config, ElementRegistry registry, RuntimeContext context)
            throws ConfigException {
        Map<String, Element> elements = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (GraphConfig.Declaration d : config.declarations()) {
            try {
                Element element = instantiate(registry.load(d.type()));
                element.setName(d.name());
                element.configure(d.args(), context);
                elements.put(d.name(), element);
            } catch (ConfigException e) {
                errors.add("%d:%d: error: %s: %s".formatted(d.line(), d.column(), d.name(), e.getMessage()));
            }
        }
        for (GraphConfig.Connection c : config.connections()) {
            Element from = elements.get(c.from());
            Element to = elements.get(c.to());
            if (from == null || to == null) {
                continue; // already reported
            }
            if (c.fromPort() >= from.outputCount()) {
                errors.add("%d:%d: error: %s has %d output%s, no output %d"
                        .formatted(
                                c.line(),
                                c.column(),
                                c.from(),
                                from.outputCount(),
                                from.outputCount() == 1 ? "" : "s",
                                c.fromPort()));
            } else if (c.toPort() >= to.inputCount()) {
                errors.add("%d:%d: error: %s has %d input%s, no input %d"
                        .formatted(
                                c.line(),
                                c.column(),
                                c.to(),
                                to.inputCount(),
                                to.inputCount() == 1 ? "" : "s",
                                c.toPort()));
            } else {
                from.connect(c.fromPort(), to, c.toPort());
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(String.join("\n", errors));
        }
        PmGraph graph = new PmGraph(elements, context);
        for (Element element : elements.values()) {
            try {
                element.initialize(context);
            } catch (Exception e) {
                graph.close();
                throw new ConfigException("%s: cannot initialize: %s".formatted(element.name(), e.getMessage()));
            }
        }
        return graph;
    }

    private static Element instantiate(Class<? extends Element> type) throws ConfigException {
        try {
            return type.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new ConfigException("%s's constructor failed: %s".formatted(type.getSimpleName(), e.getCause()));
        } catch (ReflectiveOperationException e) {
            throw new ConfigException("%s needs a public no-argument constructor".formatted(type.getSimpleName()));
        }
    }

    public Map<String, Element> elements() {
        return elements;
    }

    public RuntimeContext context() {
        return context;
    }

    public void start() {
        elements.values().stream().filter(e -> e instanceof Element.Source).forEach(e -> ((Element.Source) e).start());
    }

    public void stop() {
        elements.values().stream().filter(e -> e instanceof Element.Source).forEach(e -> ((Element.Source) e).stop());
    }

    public void close() {
        stop();
        elements.values().forEach(Element::close);
        context.closeDevices();
    }

    /** Per-device and per-element counters, as the stats file carries them. */
    public Map<String, Object> stats() {
        Map<String, Object> ports = new LinkedHashMap<>();
        context.devices().values().stream()
                .sorted(java.util.Comparator.comparing(Device::name))
                .forEach(d -> ports.put(d.name(), d.stats()));
        Map<String, Object> perElement = new LinkedHashMap<>();
        elements.forEach((name, element) -> {
            Map<String, Object> s = element.stats();
            if (!s.isEmpty()) {
                perElement.put(name, s);
            }
        });
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("ports", ports);
        all.put("elements", perElement);
        return all;
    }
}
