package org.flowstream.modulehost.runtime;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.element.ElementSignature;
import org.flowstream.contracts.element.PortCount;
import org.flowstream.contracts.element.PortSpec;

/**
 * A running element graph: built from a {@link GraphConfig} (instantiate, configure, wire, check ports),
 * initialized, then driven by its sources' threads until {@link #stop()}.
 */
public final class PmGraph {

    private final GraphConfig config;
    private final Map<String, Element> elements;
    private final RuntimeContext context;

    private PmGraph(GraphConfig config, Map<String, Element> elements, RuntimeContext context) {
        this.config = config;
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
                element.applyConfiguration(d.args(), context);
                checkPortsWithinSignature(element);
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
            PortCount outputs = from.ports().outputs();
            PortCount inputs = to.ports().inputs();
            if (c.fromPort() >= outputs.max()) {
                errors.add("%d:%d: error: %s has %s output%s, no output %d"
                        .formatted(
                                c.line(),
                                c.column(),
                                c.from(),
                                outputs.describe(),
                                outputs.max() == 1 ? "" : "s",
                                c.fromPort()));
            } else if (c.toPort() >= inputs.max()) {
                errors.add("%d:%d: error: %s has %s input%s, no input %d"
                        .formatted(
                                c.line(),
                                c.column(),
                                c.to(),
                                inputs.describe(),
                                inputs.max() == 1 ? "" : "s",
                                c.toPort()));
            } else {
                from.connect(c.fromPort(), to, c.toPort());
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(String.join("\n", errors));
        }
        PmGraph graph = new PmGraph(config, elements, context);
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

    /** A configuration may narrow the declared ports (Tee(3): 1/3 of 1/1-), never widen them. */
    private static void checkPortsWithinSignature(Element element) throws ConfigException {
        PortSpec configured = element.ports();
        var declared = element.signature().map(ElementSignature::ports);
        if (declared.isPresent() && !declared.get().contains(configured)) {
            throw new ConfigException("its configuration gives it ports %s, outside the %s its signature declares"
                    .formatted(configured, declared.get()));
        }
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

    /** The configuration the graph was built from (its connections, which the daisy chain's checks follow). */
    public GraphConfig config() {
        return config;
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

    /**
     * Stops every source, side by side: each waits until its reader notices (up to a socket's receive timeout), and one
     * after another those waits added up on the critical path of every delete_pm.
     */
    public void stop() {
        List<Thread> stopping = elements.values().stream()
                .filter(e -> e instanceof Element.Source)
                .map(e -> new Thread(((Element.Source) e)::stop, "stop-" + e.name()))
                .toList();
        stopping.forEach(Thread::start);
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
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
