package org.flowstream.placement.online;

import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowstream.placement.construction.RoundRobinPlacer;
import org.flowstream.placement.domain.DelayBound;
import org.flowstream.placement.domain.IoNode;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.PlacementObjective;
import org.flowstream.placement.domain.PlacementSolution;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceGraphBuilder;
import org.flowstream.placement.domain.ServiceLink;
import org.flowstream.placement.domain.ServiceNode;
import org.flowstream.placement.domain.SinkNode;
import org.flowstream.placement.feasibility.CapacityBounds;
import org.flowstream.placement.feasibility.Infeasibility;
import org.flowstream.placement.feasibility.LoadLedger;
import org.flowstream.placement.feasibility.ViolationReport;
import org.flowstream.placement.solver.PlacementSolverConfig;

/**
 * Places network services one at a time into a platform that already runs others (the online
 * problem of §3.2.5). Running services stay where they are. A new service is first tried with the
 * two-level round robin against the live load ledger, which takes well under a millisecond even with
 * thousands of services; only when that finds no violation-free spot does the Timefold solver run,
 * with every running PM pinned ({@code @PlanningPin}) unless the caller allows moves.
 *
 * <p>Thread-safe: calls are serialised.
 */
public final class OnlinePlacer {
    /**
     * @param rackTries         racks the round robin tries per service before falling back
     * @param fallbackTimeLimit Timefold time limit when the round robin fails; zero to never search
     */
    public record Options(int rackTries, Duration fallbackTimeLimit) {
        public static Options defaults() {
            return new Options(64, Duration.ofSeconds(2));
        }
    }

    private final Platform platform;
    private final Options options;
    private final LoadLedger ledger;
    private final RoundRobinPlacer placer;
    private final AtomicInteger keys = new AtomicInteger();
    private final Map<String, ServiceGraph> running = new LinkedHashMap<>();
    private final CapacityBounds.PlatformFloors floors;

    public OnlinePlacer(Platform platform) {
        this(platform, Options.defaults());
    }

    public OnlinePlacer(Platform platform, Options options) {
        this.platform = platform;
        this.options = options;
        this.ledger = new LoadLedger(platform);
        // The fallback window only serves to explain a rejection: a few hundred servers show what breaks.
        this.placer = new RoundRobinPlacer(ledger, options.rackTries(), 256);
        this.floors = new CapacityBounds.PlatformFloors(platform);
    }

    public Platform platform() {
        return platform;
    }

    /** Starts a service description whose node keys cannot clash with the running ones. */
    public ServiceGraphBuilder newService(String id, String type) {
        return new ServiceGraphBuilder(id, type, keys);
    }

    /** The key counter of {@link #newService}, for code that builds services itself (generators). */
    public AtomicInteger keyCounter() {
        return keys;
    }

    /** Places a service without moving running ones. */
    public PlacementResult place(ServiceGraph ns) {
        return place(ns, false);
    }

    /**
     * Places a service. With {@code allowMoves}, running services may be moved (only in the solver
     * fallback), and the result lists what moved.
     */
    public synchronized PlacementResult place(ServiceGraph ns, boolean allowMoves) {
        if (running.containsKey(ns.id()))
            throw new IllegalArgumentException("service " + ns.id() + " is already placed; remove it first");
        Optional<Infeasibility> alone = CapacityBounds.check(platform, List.of(ns), floors);
        if (alone.isPresent()) return PlacementResult.rejected(ns.id(), alone.get(), List.of());
        Optional<Infeasibility> free = freeCapacity(ns);
        if (free.isPresent() && !allowMoves) return PlacementResult.rejected(ns.id(), free.get(), List.of());
        keys.updateAndGet(k -> Math.max(k, maxKey(ns) + 1));
        ledger.register(ns);
        if (placer.place(ns, false, true) == RoundRobinPlacer.Outcome.FITTED) {
            running.put(ns.id(), ns);
            return resultOf(ns, Map.of());
        }
        if (!options.fallbackTimeLimit().isZero()) {
            PlacementResult searched = searchWithTimefold(ns, allowMoves);
            if (searched != null) return searched;
        }
        return explainFailure(ns);
    }

    /** Removes a running service and frees what it used. Unknown ids are ignored. */
    public synchronized void remove(String serviceId) {
        ServiceGraph ns = running.remove(serviceId);
        if (ns != null) ledger.unregister(ns);
    }

    /**
     * Enters a service that already runs where {@code pmServers} says (PM name to server name), without
     * placing it: how a restarted controller, or one whose platform changed, gets its load right again.
     * Sinks take their first allowed I/O node.
     */
    public synchronized void adopt(ServiceGraph ns, Map<String, String> pmServers) {
        if (running.containsKey(ns.id()))
            throw new IllegalArgumentException("service " + ns.id() + " is already placed; remove it first");
        // Check everything before touching the ledger, so a bad call changes nothing.
        Map<Integer, ServerNode> where = new HashMap<>();
        for (ModuleNode pm : ns.pms()) {
            String server = pmServers.get(pm.name());
            if (server == null)
                throw new IllegalArgumentException("service " + ns.id() + ": no server given for " + pm.name());
            ServerNode s = platform.server(server);
            if (s == null)
                throw new IllegalArgumentException("service " + ns.id() + ": " + pm.name() + " runs on " + server
                        + ", which the platform does not have");
            where.put(pm.key(), s);
        }
        keys.updateAndGet(k -> Math.max(k, maxKey(ns) + 1));
        ledger.register(ns);
        for (ModuleNode pm : ns.pms()) {
            pm.setServer(where.get(pm.key()));
            ledger.assignPm(pm.key(), where.get(pm.key()));
        }
        for (SinkNode sink : ns.sinks()) {
            IoNode io = sink.getAllowed().get(0);
            sink.setIoNode(io);
            ledger.assignSink(sink.key(), io);
        }
        running.put(ns.id(), ns);
    }

    /**
     * Enters a service where {@code pmServers} says if that breaks nothing more than was broken before (no server, link
     * or delay bound of it over its limit); otherwise leaves everything as it was. For a caller that has its own
     * preference among the places a service fits (the resource daemon's spread over module hosts). Only the service's
     * own delay bounds are checked again: the others' paths do not change.
     *
     * @return whether the service was entered
     */
    public synchronized boolean adoptIfNothingBreaks(ServiceGraph ns, Map<String, String> pmServers) {
        long before = ledger.report(List.of()).total();
        adopt(ns, pmServers);
        if (ledger.report(List.of(ns)).total() <= before) return true;
        remove(ns.id());
        return false;
    }

    public synchronized Optional<PlacementResult> placementOf(String serviceId) {
        ServiceGraph ns = running.get(serviceId);
        return ns == null ? Optional.empty() : Optional.of(resultOf(ns, Map.of()));
    }

    /**
     * What is free on a server after what runs there: the real platform's placement (the resource daemon) prefers the
     * roomiest of the servers a service fits on, so a burst of services spreads instead of filling one server.
     *
     * @param cpuCenti hundredths of a core
     * @param share    the smaller of the free CPU's and the free memory's share of the server's (0 to 1)
     */
    public record Room(long cpuCenti, long memoryMb, double share) {}

    /** What is free on server {@code server} (a name the platform has). */
    public synchronized Room room(String server) {
        ServerNode s = platform.server(server);
        if (s == null) throw new IllegalArgumentException("the platform has no server " + server);
        long cpu = Math.max(0, s.cpuCenti() - ledger.cpuUsed(s));
        long memory = Math.max(0, s.memoryMb() - ledger.memoryUsed(s));
        double share = Math.min(
                s.cpuCenti() == 0 ? 0 : (double) cpu / s.cpuCenti(),
                s.memoryMb() == 0 ? 0 : (double) memory / s.memoryMb());
        return new Room(cpu, memory, share);
    }

    public synchronized int serviceCount() {
        return running.size();
    }

    /** Violations of everything running (zero unless moves or a warm start put them there). */
    public synchronized ViolationReport violations() {
        return ledger.report(new ArrayList<>(running.values()));
    }

    /** Total free CPU and memory must cover the service (checked before any search). */
    private Optional<Infeasibility> freeCapacity(ServiceGraph ns) {
        long cpuNeed = ns.pms().stream().mapToLong(ModuleNode::cpuCenti).sum();
        long memNeed = ns.pms().stream().mapToLong(ModuleNode::memoryMb).sum();
        long cpuFree = 0, memFree = 0, maxCpuFree = 0, maxMemFree = 0;
        for (ServerNode s : platform.servers()) {
            long c = Math.max(0, s.cpuCenti() - ledger.cpuUsed(s));
            long m = Math.max(0, s.memoryMb() - ledger.memoryUsed(s));
            cpuFree += c;
            memFree += m;
            maxCpuFree = Math.max(maxCpuFree, c);
            maxMemFree = Math.max(maxMemFree, m);
        }
        if (cpuNeed > cpuFree)
            return Optional.of(new Infeasibility(
                    "cpu",
                    "whole platform",
                    String.format("the service needs %.2f cores, %.2f are free", cpuNeed / 100.0, cpuFree / 100.0)));
        if (memNeed > memFree)
            return Optional.of(new Infeasibility(
                    "memory",
                    "whole platform",
                    String.format("the service needs %d MB, %d MB are free", memNeed, memFree)));
        for (ModuleNode pm : ns.pms()) {
            if (pm.cpuCenti() > maxCpuFree)
                return Optional.of(new Infeasibility(
                        "cpu",
                        "PM " + ns.id() + "/" + pm.name(),
                        String.format(
                                "needs %.2f cores, no server has more than %.2f free",
                                pm.cpuCenti() / 100.0, maxCpuFree / 100.0)));
            if (pm.memoryMb() > maxMemFree)
                return Optional.of(new Infeasibility(
                        "memory",
                        "PM " + ns.id() + "/" + pm.name(),
                        String.format("needs %d MB, no server has more than %d MB free", pm.memoryMb(), maxMemFree)));
        }
        return Optional.empty();
    }

    private static int maxKey(ServiceGraph ns) {
        int max = -1;
        for (ServiceNode n : ns.sources()) max = Math.max(max, n.key());
        for (ServiceNode n : ns.pms()) max = Math.max(max, n.key());
        for (ServiceNode n : ns.sinks()) max = Math.max(max, n.key());
        for (ServiceLink l : ns.links()) max = Math.max(max, l.key());
        return max;
    }

    private PlacementResult resultOf(ServiceGraph ns, Map<String, String> moved) {
        Map<String, String> pms = new LinkedHashMap<>();
        for (ModuleNode pm : ns.pms())
            pms.put(pm.name(), ledger.serverOf(pm.key()).name());
        Map<String, String> sinks = new LinkedHashMap<>();
        for (SinkNode s : ns.sinks()) sinks.put(s.name(), ledger.ioOf(s.key()).name());
        return new PlacementResult(ns.id(), true, pms, sinks, moved, null, List.of());
    }

    /**
     * Runs Timefold on everything: running PMs and sinks start where they are and are pinned unless
     * moves are allowed; the new service starts unassigned. Applies the result only if it is feasible.
     */
    private PlacementResult searchWithTimefold(ServiceGraph ns, boolean allowMoves) {
        List<ServiceGraph> all = new ArrayList<>(running.values());
        all.add(ns);
        PlacementSolution problem = new PlacementSolution(platform, all, PlacementObjective.TOTAL_DELAY);
        for (ServiceGraph other : running.values()) {
            for (ModuleNode pm : other.pms()) {
                pm.setServer(ledger.serverOf(pm.key()));
                pm.setPinned(!allowMoves);
            }
            for (SinkNode s : other.sinks()) {
                s.setIoNode(ledger.ioOf(s.key()));
                s.setPinned(!allowMoves);
            }
        }
        for (ModuleNode pm : ns.pms()) {
            pm.setServer(null);
            pm.setPinned(false);
        }
        for (SinkNode s : ns.sinks()) {
            s.setIoNode(null);
            s.setPinned(false);
        }
        SolverFactory<PlacementSolution> factory = SolverFactory.create(
                PlacementSolverConfig.create(options.fallbackTimeLimit(), 0L, true, options.rackTries(), null));
        Solver<PlacementSolution> solver = factory.buildSolver();
        PlacementSolution best = solver.solve(problem);
        if (best.getScore() == null || !best.getScore().isFeasible()) return null;
        // Apply: move running PMs/sinks that changed, place the new service.
        Map<Integer, ServerNode> newServer = new HashMap<>();
        for (ModuleNode pm : best.getPms()) newServer.put(pm.key(), pm.getServer());
        Map<Integer, IoNode> newIo = new HashMap<>();
        for (SinkNode s : best.getSinks()) newIo.put(s.key(), s.getIoNode());
        Map<String, String> moved = new LinkedHashMap<>();
        for (ServiceGraph other : all) {
            for (ModuleNode pm : other.pms()) {
                ServerNode target = newServer.get(pm.key());
                ServerNode current = ledger.serverOf(pm.key());
                if (current != target) {
                    if (current != null) {
                        ledger.unassignPm(pm.key());
                        moved.put(other.id() + "/" + pm.name(), target.name());
                    }
                    ledger.assignPm(pm.key(), target);
                }
            }
            for (SinkNode s : other.sinks()) {
                IoNode target = newIo.get(s.key());
                IoNode current = ledger.ioOf(s.key());
                if (current != target) {
                    if (current != null) {
                        ledger.unassignSink(s.key());
                        moved.put(other.id() + "/" + s.name(), target.name());
                    }
                    ledger.assignSink(s.key(), target);
                }
            }
        }
        running.put(ns.id(), ns);
        return resultOf(ns, moved);
    }

    /** One thing the least violating placement would break. */
    private record Broken(String constraint, String detail) {}

    /**
     * Places the service with the least violation on each server, beyond racks; if that breaks nothing
     * the service stays there. Otherwise reports what it would break and takes it back out. The
     * reason names the constraint of the first thing broken (servers first, then links in the
     * service's order, then delay bounds) together with its numbers, and lists the rest as details.
     */
    private PlacementResult explainFailure(ServiceGraph ns) {
        placer.placeLeastViolating(ns);
        List<Broken> broken = new ArrayList<>();
        for (ModuleNode pm : ns.pms()) {
            ServerNode s = ledger.serverOf(pm.key());
            if (ledger.cpuUsed(s) > s.cpuCenti())
                broken.add(new Broken(
                        "cpu",
                        String.format(
                                "CPU on %s would be %.2f of %.2f cores",
                                s.name(), ledger.cpuUsed(s) / 100.0, s.cpuCenti() / 100.0)));
            if (ledger.memoryUsed(s) > s.memoryMb())
                broken.add(new Broken(
                        "memory",
                        String.format(
                                "memory on %s would be %d of %d MB", s.name(), ledger.memoryUsed(s), s.memoryMb())));
            if (ledger.internalUsed(s) > s.internalBps())
                broken.add(new Broken(
                        "bandwidth",
                        String.format(
                                "internal bandwidth on %s would be %d of %d Mbps",
                                s.name(), ledger.internalUsed(s) / 1_000_000, s.internalBps() / 1_000_000)));
        }
        for (ServiceLink l : ns.links()) {
            for (var pl : ledger.route(l).links()) {
                if (ledger.linkLoad(pl) > pl.capacityBps()) {
                    broken.add(new Broken(
                            "bandwidth",
                            String.format(
                                    "link %s would carry %d of %d Mbps",
                                    pl.name(), ledger.linkLoad(pl) / 1_000_000, pl.capacityBps() / 1_000_000)));
                }
            }
        }
        for (DelayBound b : ns.delayBounds()) {
            int d = ledger.pathDelay(b);
            if (d > b.bound())
                broken.add(new Broken("delay", "delay of " + b.id() + " would be " + d + ", bound " + b.bound()));
        }
        if (broken.isEmpty()) {
            // Spread over racks it breaks nothing (the round robin wants a service whole in one rack): keep it.
            running.put(ns.id(), ns);
            return resultOf(ns, Map.of());
        }
        ledger.unregister(ns);
        List<Broken> distinct = broken.stream().distinct().toList();
        String first = distinct.get(0).detail();
        Infeasibility reason = new Infeasibility(
                distinct.get(0).constraint(),
                "service " + ns.id(),
                "no placement without violations found (round robin over every rack with room for it"
                        + (options.fallbackTimeLimit().isZero()
                                ? ""
                                : ", then search for "
                                        + options.fallbackTimeLimit().toMillis() + " ms")
                        + "); the least violating placement would break: " + first);
        return PlacementResult.rejected(
                ns.id(), reason, distinct.stream().map(Broken::detail).toList());
    }
}
