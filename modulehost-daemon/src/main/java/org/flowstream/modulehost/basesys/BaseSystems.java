package org.flowstream.modulehost.basesys;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.common.rpc.BadParameterException;

/** The base systems this module host offers, by name. */
public final class BaseSystems {

    private final Map<String, BaseSystem> byName = new LinkedHashMap<>();

    public BaseSystems(List<BaseSystem> systems) {
        systems.forEach(s -> byName.put(s.name(), s));
    }

    /** The base system of that name, or a failure that lists the ones available. */
    public BaseSystem require(String name) {
        BaseSystem system = byName.get(name);
        if (system == null) {
            throw new BadParameterException("BASESYS '%s' is not available on this module host; available: %s"
                    .formatted(name, String.join(", ", byName.keySet())));
        }
        return system;
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public List<BaseSystem> all() {
        return List.copyOf(byName.values());
    }
}
