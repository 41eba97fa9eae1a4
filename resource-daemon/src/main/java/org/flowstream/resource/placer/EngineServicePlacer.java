package org.flowstream.resource.placer;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowstream.lang.model.NetworkService;
import org.flowstream.lang.model.ProcessingModule;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.online.OnlinePlacer;
import org.flowstream.placement.online.PlacementResult;
import org.flowstream.resource.allocation.PlacementRefusedException;
import org.flowstream.resource.allocation.ServicePlacer;
import org.flowstream.resource.hosts.ModuleHost;

/**
 * Online placement of allocations with the placement engine (greedy round robin, then Timefold tabu search
 * with running services pinned). The engine works on a fixed platform; when the set of live module hosts
 * changes, the platform is rebuilt and the running allocations are entered again where they already run.
 */
public final class EngineServicePlacer implements ServicePlacer {

    private final List<String> ioPorts;
    private final OnlinePlacer.Options options;
    private final Map<Integer, Running> running = new LinkedHashMap<>();
    /** Scaling groups' added members, each its own one-PM service in the engine, by {@link #memberKey}. */
    private final Map<String, Member> members = new LinkedHashMap<>();

    private OnlinePlacer engine;
    private List<ModuleHost> engineHosts = List.of();

    private record Running(NetworkService request, Map<String, String> placement) {}

    private record Member(ProcessingModule pm, String host) {}

    public EngineServicePlacer(List<String> ioPorts, OnlinePlacer.Options options) {
        if (ioPorts.isEmpty()) {
            throw new IllegalArgumentException("the platform needs at least one I/O port (settings.ioPorts)");
        }
        this.ioPorts = List.copyOf(ioPorts);
        this.options = options;
    }

    /**
     * The whole allocation on the roomiest module host it fits on without breaking anything; only when no single host
     * holds it, wherever the engine's placement puts it (split over hosts, or refused in words).
     */
    @Override
    public synchronized Map<String, String> place(int allocationId, NetworkService request, List<ModuleHost> hosts) {
        if (hosts.isEmpty()) {
            throw new PlacementRefusedException(
                    "no module host is up; start one (bin/flowstream daemon modulehost) and retry");
        }
        OnlinePlacer placer = engineFor(hosts);
        Map<String, String> placement = wholeOnRoomiestHost(allocationId, request, placer, hosts)
                .orElseGet(() -> placeWithEngine(allocationId, request, placer));
        running.put(allocationId, new Running(request, placement));
        return placement;
    }

    /**
     * The allocation whole on the host with the most room (the larger share of its CPU and memory free) among those it
     * fits on without breaking a capacity, bandwidth or delay bound. Why not the engine's round robin: it keeps its
     * pointer on a server while services fit there (so that chained PMs share a server), which on this platform filled
     * one module host while the other idled, and a burst of allocations ran that host's warm pool dry while the other
     * host's waited (bench activate, docs/modulehost-daemon.md). Every module host hangs off the one switch, so one
     * host holds an allocation's chain as well as another; the roomiest keeps them even. Reservations count from the
     * moment of placement, so concurrent installs alternate.
     */
    private Optional<Map<String, String>> wholeOnRoomiestHost(
            int allocationId, NetworkService request, OnlinePlacer placer, List<ModuleHost> hosts) {
        Map<ModuleHost, Double> room = new LinkedHashMap<>();
        hosts.forEach(h ->
                room.put(h, placer.room(EngineModelMapper.serverName(h.name())).share()));
        List<ModuleHost> roomiestFirst = hosts.stream()
                .sorted(Comparator.comparing(room::get).reversed())
                .toList();
        for (ModuleHost host : roomiestFirst) {
            Map<String, String> servers = new LinkedHashMap<>();
            request.modules().forEach(pm -> servers.put(pm.name(), EngineModelMapper.serverName(host.name())));
            if (placer.adoptIfNothingBreaks(graph(allocationId, request, placer), servers)) {
                return Optional.of(EngineModelMapper.hostNames(servers));
            }
        }
        return Optional.empty();
    }

    /** The engine's own placement (round robin, then search): PMs split over hosts, or refused in words. */
    private Map<String, String> placeWithEngine(int allocationId, NetworkService request, OnlinePlacer placer) {
        PlacementResult result = placer.place(graph(allocationId, request, placer));
        if (!result.placed()) {
            String details = result.details().isEmpty() ? "" : " (" + String.join("; ", result.details()) + ")";
            throw new PlacementRefusedException("cannot place allocation %d: %s%s"
                    .formatted(allocationId, result.reason().message(), details));
        }
        return EngineModelMapper.hostNames(result.pmServers());
    }

    /** The allocation in the engine's terms, new each time (the engine keeps the graph it is given). */
    private ServiceGraph graph(int allocationId, NetworkService request, OnlinePlacer placer) {
        return EngineModelMapper.service(
                key(allocationId),
                request,
                placer.platform(),
                placer.newService(key(allocationId), "allocation"),
                ioPorts);
    }

    @Override
    public synchronized void release(int allocationId) {
        if (running.remove(allocationId) != null && engine != null) {
            engine.remove(key(allocationId));
        }
    }

    @Override
    public synchronized void restore(
            int allocationId, NetworkService request, Map<String, String> placement, List<ModuleHost> hosts) {
        running.put(allocationId, new Running(request, Map.copyOf(placement)));
        engine = null; // entered again, at its recorded hosts, when the engine is next built
    }

    /**
     * The member is entered where it fits without overloading anything, trying the hosts outside {@code crowded}
     * first (a group spreads over hosts); when none fits, the engine's own placement says what is short.
     */
    @Override
    public synchronized String placeMember(
            int allocationId,
            String instance,
            ProcessingModule pm,
            List<ModuleHost> hosts,
            Collection<String> crowded) {
        if (hosts.isEmpty()) {
            throw new PlacementRefusedException("no module host is up to start " + instance + " on");
        }
        OnlinePlacer placer = engineFor(hosts);
        String key = memberKey(allocationId, instance);
        placer.remove(key);
        List<ModuleHost> order = hosts.stream()
                .sorted(Comparator.comparing((ModuleHost h) -> crowded.contains(h.name())))
                .toList();
        for (ModuleHost host : order) {
            if (placer.adoptIfNothingBreaks(
                    memberService(placer, key, pm), Map.of(pm.name(), EngineModelMapper.serverName(host.name())))) {
                members.put(key, new Member(pm, host.name()));
                return host.name();
            }
        }
        PlacementResult result = placer.place(memberService(placer, key, pm)); // for its words on what is short
        if (!result.placed()) {
            throw new PlacementRefusedException("no module host has room for %s: %s"
                    .formatted(instance, result.reason().message()));
        }
        String host = EngineModelMapper.hostNames(result.pmServers()).get(pm.name());
        members.put(key, new Member(pm, host));
        return host;
    }

    @Override
    public synchronized void releaseMember(int allocationId, String instance) {
        String key = memberKey(allocationId, instance);
        if (members.remove(key) != null && engine != null) {
            engine.remove(key);
        }
    }

    @Override
    public synchronized void restoreMember(int allocationId, String instance, ProcessingModule pm, String host) {
        members.put(memberKey(allocationId, instance), new Member(pm, host));
        engine = null; // entered again, on its host, when the engine is next built
    }

    private static ServiceGraph memberService(OnlinePlacer placer, String key, ProcessingModule pm) {
        var b = placer.newService(key, "group member");
        b.pm(pm.name(), (int) Math.max(1, Math.round(pm.cpuCores() * 100)), pm.memoryMb());
        return b.build();
    }

    private static String memberKey(int allocationId, String instance) {
        return key(allocationId) + "/" + instance;
    }

    /** The engine for these hosts, rebuilt (with every running allocation entered where it runs) when they changed. */
    private OnlinePlacer engineFor(List<ModuleHost> hosts) {
        if (engine != null && sameHosts(hosts)) {
            return engine;
        }
        Platform platform = EngineModelMapper.platform(hosts, ioPorts);
        OnlinePlacer fresh = new OnlinePlacer(platform, options);
        java.util.Set<String> live = new java.util.HashSet<>();
        hosts.forEach(h -> live.add(h.name()));
        running.forEach((id, r) -> {
            // An allocation on a host that is down holds nothing there any more; it is degraded, not counted.
            if (live.containsAll(r.placement().values())) {
                ServiceGraph service = EngineModelMapper.service(
                        key(id), r.request(), platform, fresh.newService(key(id), "allocation"), ioPorts);
                fresh.adopt(service, serverNames(r.placement()));
            }
        });
        members.forEach((key, m) -> {
            if (live.contains(m.host())) {
                fresh.adopt(
                        memberService(fresh, key, m.pm()),
                        Map.of(m.pm().name(), EngineModelMapper.serverName(m.host())));
            }
        });
        engine = fresh;
        engineHosts = List.copyOf(hosts);
        return fresh;
    }

    private boolean sameHosts(List<ModuleHost> hosts) {
        if (hosts.size() != engineHosts.size()) {
            return false;
        }
        for (int i = 0; i < hosts.size(); i++) {
            ModuleHost a = hosts.get(i);
            ModuleHost b = engineHosts.get(i);
            if (!a.name().equals(b.name()) || a.cpuCores() != b.cpuCores() || a.memoryMb() != b.memoryMb()) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> serverNames(Map<String, String> placement) {
        Map<String, String> out = new LinkedHashMap<>();
        placement.forEach((pm, host) -> out.put(pm, EngineModelMapper.serverName(host)));
        return out;
    }

    private static String key(int allocationId) {
        return "alloc-" + allocationId;
    }
}
