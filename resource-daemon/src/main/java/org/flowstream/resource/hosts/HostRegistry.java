package org.flowstream.resource.hosts;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.flowstream.resource.store.StateStore;

/**
 * The module hosts the platform knows. Registration is persisted; heartbeats only refresh memory (a
 * restarted daemon gives every host a fresh timeout), and a host that misses its heartbeats is marked down.
 */
public final class HostRegistry {

    private final StateStore store;
    private final Map<String, ModuleHost> hosts = new ConcurrentSkipListMap<>();

    public HostRegistry(StateStore store) throws SQLException {
        this.store = store;
        long now = System.currentTimeMillis();
        store.hosts().forEach(h -> hosts.put(h.name(), h.seen(now)));
    }

    /** Adds a host or updates its capacity, persisting it first. */
    public synchronized void register(ModuleHost host) throws SQLException {
        ModuleHost now = host.seen(System.currentTimeMillis());
        store.put(now);
        hosts.put(now.name(), now);
    }

    /** What a heartbeat told: the host never registered, is alive as before, or answers again after it was marked down. */
    public enum Heartbeat {
        UNKNOWN,
        ALIVE,
        RETURNED
    }

    /** Refreshes a host's last-seen time. */
    public synchronized Heartbeat heartbeat(String name) throws SQLException {
        ModuleHost host = hosts.get(name);
        if (host == null) {
            return Heartbeat.UNKNOWN;
        }
        ModuleHost now = host.seen(System.currentTimeMillis());
        if (!host.up()) {
            store.put(now);
        }
        hosts.put(name, now);
        return host.up() ? Heartbeat.ALIVE : Heartbeat.RETURNED;
    }

    /** Marks down every host silent for longer than {@code timeoutMillis}; returns those newly marked. */
    public synchronized List<ModuleHost> markSilentHostsDown(long timeoutMillis) throws SQLException {
        long now = System.currentTimeMillis();
        List<ModuleHost> newlyDown = new ArrayList<>();
        for (ModuleHost host : hosts.values()) {
            if (host.up() && now - host.lastSeenMillis() > timeoutMillis) {
                ModuleHost down = host.down();
                store.put(down);
                hosts.put(host.name(), down);
                newlyDown.add(down);
            }
        }
        return newlyDown;
    }

    public Optional<ModuleHost> host(String name) {
        return Optional.ofNullable(hosts.get(name));
    }

    /** The host of that name, if it is registered and up. */
    public Optional<ModuleHost> upHost(String name) {
        return host(name).filter(ModuleHost::up);
    }

    public List<ModuleHost> all() {
        return List.copyOf(hosts.values());
    }

    public List<ModuleHost> up() {
        return hosts.values().stream().filter(ModuleHost::up).toList();
    }
}
