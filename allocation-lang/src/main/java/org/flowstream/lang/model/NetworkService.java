package org.flowstream.lang.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A checked allocation request, flattened: what placement and deployment need. Lists keep the
 * order of the request.
 *
 * @param header the {@code KEY=value} lines, in order
 */
public record NetworkService(
        Map<String, String> header,
        List<Source> sources,
        List<ProcessingModule> modules,
        List<Sink> sinks,
        List<Connection> connections,
        List<BoundedPath> paths) {
    public NetworkService {
        header = Collections.unmodifiableMap(new LinkedHashMap<>(header));
        sources = List.copyOf(sources);
        modules = List.copyOf(modules);
        sinks = List.copyOf(sinks);
        connections = List.copyOf(connections);
        paths = List.copyOf(paths);
    }

    /** The source of that flattened name, if it is one. */
    public Optional<Source> source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The PM of that flattened name, if it is one. */
    public Optional<ProcessingModule> module(String name) {
        return modules.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The sink of that flattened name, if it is one. */
    public Optional<Sink> sink(String name) {
        return sinks.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
