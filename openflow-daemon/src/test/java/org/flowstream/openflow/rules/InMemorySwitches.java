package org.flowstream.openflow.rules;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.flowstream.openflow.rules.driver.SwitchDriver;
import org.flowstream.openflow.rules.driver.SwitchDrivers;

/** In-memory switches that tests connect and disconnect, any number of them. */
public final class InMemorySwitches implements SwitchDrivers {

    private final Map<String, InMemorySwitch> connected = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    public void connect(InMemorySwitch sw) {
        connected.put(sw.switchName(), sw);
        listeners.forEach(l -> l.accept(sw.switchName()));
    }

    public void disconnect(InMemorySwitch sw) {
        connected.remove(sw.switchName());
    }

    @Override
    public Optional<SwitchDriver> driver(String switchName) {
        return Optional.ofNullable(connected.get(switchName));
    }

    @Override
    public Set<String> connected() {
        return new TreeSet<>(connected.keySet());
    }

    @Override
    public void whenConnected(Consumer<String> listener) {
        listeners.add(listener);
    }
}
