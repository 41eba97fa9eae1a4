package org.flowstream.resource.placer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.lang.model.NetworkService;
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
    private OnlinePlacer engine;
    private List<ModuleHost> engineHosts = List.of();

    private record Running(NetworkService request, Map<String, String> placement) {}

    public EngineServicePlacer(List<String> ioPorts, OnlinePlacer.Options options) {
        if (ioPorts.isEmpty()) {
            throw new IllegalArgumentException("the platform needs at least one I/O port (settings.ioPorts)");
        }
        this.ioPorts = List.copyOf(ioPorts);
        this.options = options;
    }

    @Override
    public synchronized Map<String, String> place(int allocationId, NetworkService request, List<ModuleHost> hosts) {
        if (hosts.isEmpty()) {
            throw new PlacementRefusedException(
                    "no module host is up; start one (bin/flowstream daemon modulehost) and retry");
        }
        OnlinePlacer placer = engineFor(hosts);
        ServiceGraph service = EngineModelMapper.service(
                key(allocationId),
                request,
                placer.platform(),
                placer.newService(key(allocationId), "allocation"),
                ioPorts);
        PlacementResult result = placer.place(service);
        if (!result.placed()) {
            String details = result.details().isEmpty() ? "" : " (" + String.join("; ", result.details()) + ")";
            throw new PlacementRefusedException(
                    "cannot place allocation %d: %s%s".formatted(allocationId, result.reason(), details));
        }
        Map<String, String> placement = EngineModelMapper.hostNames(result.pmServers());
        running.put(allocationId, new Running(request, placement));
        return placement;
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
        placement.forEach((pm, host) -> out.put(pm, "host:" + host));
        return out;
    }

    private static String key(int allocationId) {
        return "alloc-" + allocationId;
    }
}
