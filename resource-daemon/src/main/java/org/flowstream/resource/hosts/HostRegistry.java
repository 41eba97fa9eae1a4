package org.flowstream.resource.hosts;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;
import org.flowstream.resource.store.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The module hosts the platform knows. Registration is persisted; heartbeats only refresh memory (a
 * restarted daemon gives every host a fresh timeout), and a host that misses its heartbeats and does not answer
 * when asked is marked down.
 */
public final class HostRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(HostRegistry.class);

    private final StateStore store;
    private final Map<String, ModuleHost> hosts = new ConcurrentSkipListMap<>();
    /** Hosts being asked right now: checks that overlap (a probe takes up to hostProbeSeconds) ask each once. */
    private final Set<String> probing = ConcurrentHashMap.newKeySet();

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

    /**
     * Marks down every host silent for longer than {@code timeoutMillis} that does not answer {@code probe} either;
     * returns those newly marked. A late heartbeat alone is not proof of death (a busy host, a lost call): the
     * host is asked directly first, outside the registry's lock so heartbeats are not held up meanwhile, and one
     * that answers counts as seen now.
     */
    public List<ModuleHost> markSilentHostsDown(long timeoutMillis, Predicate<ModuleHost> probe) throws SQLException {
        long now = System.currentTimeMillis();
        List<ModuleHost> newlyDown = new ArrayList<>();
        for (ModuleHost silent : hosts.values().stream()
                .filter(h -> h.up() && now - h.lastSeenMillis() > timeoutMillis)
                .toList()) {
            if (!probing.add(silent.name())) {
                continue;
            }
            try {
                if (probe.test(silent)) {
                    LOG.warn(
                            "module host {} sent no heartbeat for {} s but answers when asked; it stays up",
                            silent.name(),
                            (now - silent.lastSeenMillis()) / 1000);
                    heartbeat(silent.name());
                } else if (markDown(silent)) {
                    newlyDown.add(hosts.get(silent.name()));
                }
            } finally {
                probing.remove(silent.name());
            }
        }
        return newlyDown;
    }

    /** Marks a silent host down, unless it heartbeated while it was being probed. */
    private synchronized boolean markDown(ModuleHost silent) throws SQLException {
        ModuleHost now = hosts.get(silent.name());
        if (now == null || !now.up() || now.lastSeenMillis() != silent.lastSeenMillis()) {
            return false;
        }
        ModuleHost down = now.down();
        store.put(down);
        hosts.put(down.name(), down);
        return true;
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
