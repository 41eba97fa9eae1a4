package org.flowstream.monitoring.sources;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.flowstream.monitoring.history.SourceRecord;

/**
 * Every source the daemon polls, with its bounded history: one record per module host (its PMs are part of
 * its get_load samples), one for the openflow daemon, and one for the resource daemon (health only: it is
 * asked which hosts and allocations there are). A host the resource daemon no longer lists is forgotten.
 */
public final class SourceBook {

    private final int historySize;
    private final int missesBeforeDown;
    private final Map<String, SourceRecord<HostSample>> hosts = new ConcurrentHashMap<>();
    private volatile Map<String, RegisteredHost> registered = Map.of();
    private final SourceRecord<OpenflowSample> openflow;
    private final SourceRecord<Void> resource;

    public SourceBook(int historySize, int missesBeforeDown) {
        this.historySize = historySize;
        this.missesBeforeDown = missesBeforeDown;
        this.openflow = new SourceRecord<>("openflow", "openflow", historySize, missesBeforeDown);
        this.resource = new SourceRecord<>("resource", "resource", historySize, missesBeforeDown);
    }

    public SourceRecord<HostSample> host(String name) {
        return hosts.computeIfAbsent(name, n -> new SourceRecord<>("host", n, historySize, missesBeforeDown));
    }

    public Optional<SourceRecord<HostSample>> knownHost(String name) {
        return Optional.ofNullable(hosts.get(name));
    }

    public Collection<SourceRecord<HostSample>> hosts() {
        return hosts.values().stream()
                .sorted(java.util.Comparator.comparing(SourceRecord::name))
                .toList();
    }

    /** Takes the resource daemon's list of hosts; forgets hosts that are no longer registered. */
    public void registered(List<RegisteredHost> listed) {
        Map<String, RegisteredHost> byName = new java.util.LinkedHashMap<>();
        listed.forEach(h -> byName.put(h.name(), h));
        registered = Map.copyOf(byName);
        hosts.keySet().retainAll(byName.keySet());
    }

    /** Whether the resource daemon still gets the host's heartbeats (true when it does not say otherwise). */
    public boolean heartbeatsUp(String host) {
        RegisteredHost h = registered.get(host);
        return h == null || h.upAtResource();
    }

    public SourceRecord<OpenflowSample> openflow() {
        return openflow;
    }

    public SourceRecord<Void> resource() {
        return resource;
    }

    /** All records, hosts first by name. */
    public List<SourceRecord<?>> all() {
        List<SourceRecord<?>> all = new ArrayList<>(hosts());
        all.add(openflow);
        all.add(resource);
        return all;
    }

    /** A record by its id ("host:mh1", "openflow", "resource"). */
    public Optional<SourceRecord<?>> byId(String id) {
        return all().stream().filter(r -> r.id().equals(id)).findFirst().map(r -> (SourceRecord<?>) r);
    }
}
