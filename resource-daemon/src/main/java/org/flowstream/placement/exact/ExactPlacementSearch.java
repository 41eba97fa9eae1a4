package org.flowstream.placement.exact;

import com.google.ortools.Loader;
import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;
import com.google.ortools.sat.Literal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.placement.domain.DelayBound;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.PlatformLink;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceLink;
import org.flowstream.placement.domain.SinkNode;
import org.flowstream.placement.domain.SourceNode;
import org.flowstream.placement.domain.Units;
import org.flowstream.placement.feasibility.Infeasibility;

/**
 * An exact search of a whole instance with OR-Tools' CP-SAT, for platforms of {@link OneRackShape}
 * (the basic platform): every PM gets a server, and every constraint of the engine is a linear
 * constraint over x[p][s] ("PM p is on server s") and y[l][s] ("both ends of PM-to-PM link l are on
 * server s", exactly the conjunction): CPU, memory, internal bandwidth (links with y), each server's
 * downlink (what sources and PMs elsewhere send to its PMs: x minus y) and uplink, the I/O paths (fixed
 * loads on this shape) and the delay bounds (a link inside a server costs the intra-server delay,
 * between servers the uplink's plus the downlink's). Nothing is relaxed, so "no placement" from CP-SAT
 * is a proof, and a placement it returns breaks nothing (the caller still confirms it on the ledger).
 *
 * <p>Each capacity and delay constraint has a slack in the violation's own unit (1/100 core, MB, Mbps
 * rounded up, delay), and CP-SAT minimises their sum: the annealing's best placement is a solution of
 * that model from the start (given as the hint), so CP-SAT's large-neighbourhood workers improve it
 * like a ruin-and-recreate search with an exact repack, while its lower bound works towards a proof.
 * Objective 0 is a feasible placement; a proven lower bound above 0 is a proof of infeasibility.
 *
 * <p>Servers alike in every capacity and delay are interchangeable, so only assignments where the PM
 * of rank r (largest first) sits on one of the first r+1 servers are searched: any placement can be
 * renumbered that way (number the servers in the order their largest PM appears).
 */
public final class ExactPlacementSearch {

    /**
     * How long to search. {@code deterministicSeconds} is CP-SAT's count of work (machine-independent,
     * so a verdict within it is the same on every machine); {@code wallTime} only caps it.
     */
    public record Limits(double deterministicSeconds, Duration wallTime, int workers, int seed) {}

    /** What the search cost: CP-SAT's counts and its deterministic time, and the wall time. */
    public record Effort(long branches, long conflicts, double deterministicSeconds, double wallSeconds) {
        static final Effort NONE = new Effort(0, 0, 0, 0);

        @Override
        public String toString() {
            return String.format(
                    "%d branches, %d conflicts, %.2f deterministic s, %.2f s",
                    branches, conflicts, deterministicSeconds, wallSeconds);
        }
    }

    /** The verdict of a search. */
    public sealed interface Verdict {
        Effort effort();

        /** A placement that breaks nothing (the caller confirms it on the ledger). */
        record Placement(Map<Integer, ServerNode> serverOfPm, Effort effort) implements Verdict {}

        /** Proven: no placement satisfies every constraint. */
        record NoPlacement(Infeasibility why, Effort effort) implements Verdict {}

        /** Limit reached, or the model does not apply; says why. The best placement found, if any, has {@code bestTotal} violation units. */
        record Unknown(String why, long bestTotal, long provenLowerBound, Map<Integer, ServerNode> best, Effort effort)
                implements Verdict {}
    }

    private ExactPlacementSearch() {}

    /** Why the model would not be exact for this platform and these services, or empty when it is. */
    public static java.util.Optional<String> whyNotExact(Platform platform, List<ServiceGraph> services) {
        OneRackShape.Result r = OneRackShape.of(platform, services);
        return r.shape().isPresent() ? java.util.Optional.empty() : java.util.Optional.of(r.whyNot());
    }

    /**
     * Searches for a placement of every PM of {@code services} (none pinned), starting from {@code hint}
     * (each PM's server, may be empty).
     */
    public static Verdict search(
            Platform platform, List<ServiceGraph> services, Map<Integer, ServerNode> hint, Limits limits) {
        OneRackShape.Result shape = OneRackShape.of(platform, services);
        if (shape.shape().isEmpty())
            return new Verdict.Unknown(
                    "the exact model does not apply: " + shape.whyNot(), Long.MAX_VALUE, 0, Map.of(), Effort.NONE);
        Loader.loadNativeLibraries();
        Model m = new Model(platform, services, shape.shape().get());
        if (m.fixedOverload != null) return new Verdict.NoPlacement(m.fixedOverload, Effort.NONE);
        m.hint(hint);
        CpSolver solver = new CpSolver();
        solver.getParameters()
                .setMaxDeterministicTime(limits.deterministicSeconds())
                .setMaxTimeInSeconds(limits.wallTime().toNanos() / 1e9)
                .setNumWorkers(limits.workers())
                // Workers take turns in a fixed order instead of racing: the same answer on every run.
                .setInterleaveSearch(limits.workers() > 1)
                .setRandomSeed(limits.seed())
                // Improving the hint is the job: the large-neighbourhood workers found what the full-problem
                // workers did not (NS40 seed 2), and root probing took seconds on these models.
                .setCpModelProbingLevel(0)
                .addAllIgnoreSubsolvers(
                        List.of("core", "default_lp", "max_lp", "pseudo_costs", "quick_restart", "reduced_costs"))
                .setLogSearchProgress(Boolean.getBoolean("fs.exact.log"));
        String extra = System.getProperty("fs.exact.params");
        if (extra != null) {
            try {
                com.google.protobuf.TextFormat.merge(extra, solver.getParameters());
            } catch (com.google.protobuf.TextFormat.ParseException e) {
                throw new IllegalArgumentException(e);
            }
        }
        if (Boolean.getBoolean("fs.exact.log")) {
            solver.getParameters().setLogToStdout(false);
            solver.setLogCallback(System.out::println);
        }
        CpSolverStatus status = solver.solve(m.model);
        Effort effort = new Effort(
                solver.numBranches(),
                solver.numConflicts(),
                solver.response().getDeterministicTime(),
                solver.wallTime());
        boolean found = status == CpSolverStatus.OPTIMAL || status == CpSolverStatus.FEASIBLE;
        long bestTotal = found ? Math.round(solver.objectiveValue()) : Long.MAX_VALUE;
        long lowerBound = (long) Math.ceil(solver.bestObjectiveBound() - 1e-6);
        if (Boolean.getBoolean("fs.exact.hard")) {
            bestTotal = found ? 0 : Long.MAX_VALUE;
            lowerBound = 0;
        }
        if (found && bestTotal == 0) return new Verdict.Placement(m.read(solver), effort);
        if (status == CpSolverStatus.INFEASIBLE || lowerBound > 0)
            return new Verdict.NoPlacement(m.proof(lowerBound), effort);
        return new Verdict.Unknown(
                "the exact search reached its limit (" + effort + ")",
                bestTotal,
                lowerBound,
                found ? m.read(solver) : Map.of(),
                effort);
    }

    /** The CP-SAT model of one instance (class comment). */
    private static final class Model {
        final CpModel model = new CpModel();
        final List<ServerNode> servers;
        final List<ModuleNode> pms = new ArrayList<>();
        /** x[p][s]; null where symmetry breaking rules the server out for that PM. */
        final BoolVar[][] x;

        final List<ServiceLink> pmLinks = new ArrayList<>();
        final BoolVar[][] y;
        final Map<Integer, Integer> indexOfPm = new HashMap<>();
        final boolean serversAlike;
        final List<IntVar> slacks = new ArrayList<>();
        Infeasibility fixedOverload;

        Model(Platform platform, List<ServiceGraph> services, OneRackShape shape) {
            servers = platform.servers();
            int n = servers.size();
            serversAlike = serversAlike(servers);
            for (ServiceGraph ns : services) pms.addAll(ns.pms());
            // Largest first (share of a server's CPU or memory): the rank of symmetry breaking.
            pms.sort(Comparator.comparingDouble((ModuleNode p) -> size(p, servers.get(0)))
                    .reversed());
            for (int i = 0; i < pms.size(); i++) indexOfPm.put(pms.get(i).key(), i);
            x = new BoolVar[pms.size()][n];
            for (int p = 0; p < pms.size(); p++) {
                List<Literal> choices = new ArrayList<>();
                int last = serversAlike ? Math.min(p, n - 1) : n - 1;
                for (int s = 0; s <= last; s++) {
                    x[p][s] = model.newBoolVar("x" + p + "_" + s);
                    choices.add(x[p][s]);
                }
                model.addExactlyOne(choices);
            }
            for (ServiceGraph ns : services)
                for (ServiceLink l : ns.links()) if (l.kind() == ServiceLink.Kind.INTERNAL) pmLinks.add(l);
            y = new BoolVar[pmLinks.size()][n];
            for (int l = 0; l < pmLinks.size(); l++) {
                BoolVar[] from = x[pm(pmLinks.get(l).fromKey())],
                        to = x[pm(pmLinks.get(l).toKey())];
                for (int s = 0; s < n; s++) {
                    if (from[s] == null || to[s] == null) continue;
                    BoolVar both = model.newBoolVar("y" + l + "_" + s);
                    // both <=> from and to: exactly the conjunction, so internal traffic is never miscounted.
                    model.addImplication(both, from[s]);
                    model.addImplication(both, to[s]);
                    model.addBoolOr(new Literal[] {from[s].not(), to[s].not(), both});
                    y[l][s] = both;
                }
            }
            addServerCapacities(services);
            addFixedPaths(shape, services);
            addDelayBounds(services, shape);
            LinearExprBuilder total = LinearExpr.newBuilder();
            for (IntVar v : slacks) total.add(v);
            model.minimize(total);
        }

        private int pm(int key) {
            return indexOfPm.get(key);
        }

        private void addServerCapacities(List<ServiceGraph> services) {
            int n = servers.size();
            for (int s = 0; s < n; s++) {
                ServerNode server = servers.get(s);
                LinearExprBuilder cpu = LinearExpr.newBuilder(), memory = LinearExpr.newBuilder();
                LinearExprBuilder internal = LinearExpr.newBuilder();
                LinearExprBuilder down = LinearExpr.newBuilder(), up = LinearExpr.newBuilder();
                for (int p = 0; p < pms.size(); p++) {
                    if (x[p][s] == null) continue;
                    cpu.addTerm(x[p][s], pms.get(p).cpuCenti());
                    memory.addTerm(x[p][s], pms.get(p).memoryMb());
                }
                for (ServiceGraph ns : services) {
                    for (ServiceLink l : ns.links()) {
                        long t = l.trafficBps();
                        switch (l.kind()) {
                            case INGRESS -> addIfPresent(down, x[pm(l.toKey())][s], t);
                            case EGRESS -> addIfPresent(up, x[pm(l.fromKey())][s], t);
                            case INTERNAL -> {}
                        }
                    }
                }
                for (int l = 0; l < pmLinks.size(); l++) {
                    long t = pmLinks.get(l).trafficBps();
                    BoolVar from = x[pm(pmLinks.get(l).fromKey())][s],
                            to = x[pm(pmLinks.get(l).toKey())][s];
                    // Off the server when only one end is here: to's downlink, from's uplink.
                    addIfPresent(down, to, t);
                    addIfPresent(up, from, t);
                    if (y[l][s] != null) {
                        down.addTerm(y[l][s], -t);
                        up.addTerm(y[l][s], -t);
                        internal.addTerm(y[l][s], t);
                    }
                }
                atMost(cpu, server.cpuCenti(), 1, "cpu" + s);
                atMost(memory, server.memoryMb(), 1, "mem" + s);
                atMost(internal, server.internalBps(), Units.BITS_PER_MBPS, "int" + s);
                atMost(down, server.downlink().capacityBps(), Units.BITS_PER_MBPS, "down" + s);
                atMost(up, server.uplink().capacityBps(), Units.BITS_PER_MBPS, "up" + s);
            }
        }

        /** The I/O paths carry the same load in every placement: an overload there is a proof at once. */
        private void addFixedPaths(OneRackShape shape, List<ServiceGraph> services) {
            for (Map.Entry<PlatformLink, Long> e : shape.fixedLoads(services).entrySet()) {
                PlatformLink link = e.getKey();
                if (e.getValue() > link.capacityBps() && fixedOverload == null)
                    fixedOverload = new Infeasibility(
                            "bandwidth",
                            "link " + link.name(),
                            "it carries " + e.getValue() / Units.BITS_PER_MBPS + " Mbps wherever the PMs run, "
                                    + link.capacityBps() / Units.BITS_PER_MBPS + " Mbps fit");
            }
        }

        private void addDelayBounds(List<ServiceGraph> services, OneRackShape shape) {
            int n = servers.size();
            for (ServiceGraph ns : services) {
                for (DelayBound bound : ns.delayBounds()) {
                    LinearExprBuilder delay = LinearExpr.newBuilder();
                    long fixed = 0;
                    for (ServiceLink l : bound.path()) {
                        switch (l.kind()) {
                            case INGRESS -> {
                                fixed += shape.ioPaths
                                        .get(((SourceNode) l.from()).ioNode())
                                        .toServersDelay();
                                for (int s = 0; s < n; s++)
                                    addIfPresent(
                                            delay,
                                            x[pm(l.toKey())][s],
                                            servers.get(s).downlink().delay());
                            }
                            case EGRESS -> {
                                fixed += shape.ioPaths
                                        .get(((SinkNode) l.to()).getAllowed().get(0))
                                        .fromServersDelay();
                                for (int s = 0; s < n; s++)
                                    addIfPresent(
                                            delay,
                                            x[pm(l.fromKey())][s],
                                            servers.get(s).uplink().delay());
                            }
                            case INTERNAL -> {
                                int li = pmLinks.indexOf(l);
                                for (int s = 0; s < n; s++) {
                                    ServerNode server = servers.get(s);
                                    addIfPresent(
                                            delay,
                                            x[pm(l.fromKey())][s],
                                            server.uplink().delay());
                                    addIfPresent(
                                            delay,
                                            x[pm(l.toKey())][s],
                                            server.downlink().delay());
                                    // Both here: the intra-server delay instead of uplink plus downlink.
                                    if (y[li][s] != null)
                                        delay.addTerm(
                                                y[li][s],
                                                server.intraDelay()
                                                        - server.uplink().delay()
                                                        - server.downlink().delay());
                                }
                            }
                        }
                    }
                    atMost(delay, bound.bound() - fixed, 1, "delay-" + bound.id());
                }
            }
        }

        /** expr <= capacity + unit * slack, the slack (violation in its unit, rounded up) minimised. */
        private void atMost(LinearExprBuilder expr, long capacity, long unit, String name) {
            if (Boolean.getBoolean("fs.exact.hard")) {
                model.addLessOrEqual(expr, capacity);
                return;
            }
            IntVar slack = model.newIntVar(0, Integer.MAX_VALUE, "slack-" + name);
            slacks.add(slack);
            expr.addTerm(slack, -unit);
            model.addLessOrEqual(expr, capacity);
        }

        private static void addIfPresent(LinearExprBuilder expr, BoolVar v, long coefficient) {
            if (v != null) expr.addTerm(v, coefficient);
        }

        /**
         * Hints each PM's server, renumbered so that the symmetry breaking admits it (servers numbered in
         * the order their largest PM appears); PMs without a server in the hint are left to CP-SAT.
         */
        void hint(Map<Integer, ServerNode> serverOfPm) {
            Map<ServerNode, Integer> number = new HashMap<>();
            for (int p = 0; p < pms.size(); p++) {
                ServerNode at = serverOfPm.get(pms.get(p).key());
                if (at == null) continue;
                int s = serversAlike ? number.computeIfAbsent(at, k -> number.size()) : at.index();
                for (int t = 0; t < servers.size(); t++) if (x[p][t] != null) model.addHint(x[p][t], t == s);
            }
        }

        Map<Integer, ServerNode> read(CpSolver solver) {
            Map<Integer, ServerNode> result = new HashMap<>();
            for (int p = 0; p < pms.size(); p++)
                for (int s = 0; s < servers.size(); s++)
                    if (x[p][s] != null && solver.booleanValue(x[p][s]))
                        result.put(pms.get(p).key(), servers.get(s));
            return result;
        }

        Infeasibility proof(long lowerBound) {
            return new Infeasibility(
                    "capacity",
                    servers.size() + " servers",
                    "every placement of the " + pms.size() + " PMs breaks a constraint by at least " + lowerBound
                            + " violation units (exhaustive CP-SAT search of the exact model: CPU, memory,"
                            + " internal bandwidth, server links, I/O links and delay bounds"
                            + (serversAlike ? "; servers alike, numbered by their largest PM" : "")
                            + ")");
        }

        private static boolean serversAlike(List<ServerNode> servers) {
            ServerNode a = servers.get(0);
            return servers.stream()
                    .allMatch(s -> s.cpuCenti() == a.cpuCenti()
                            && s.memoryMb() == a.memoryMb()
                            && s.internalBps() == a.internalBps()
                            && s.intraDelay() == a.intraDelay()
                            && s.uplink().capacityBps() == a.uplink().capacityBps()
                            && s.uplink().delay() == a.uplink().delay()
                            && s.downlink().capacityBps() == a.downlink().capacityBps()
                            && s.downlink().delay() == a.downlink().delay());
        }

        private static double size(ModuleNode p, ServerNode server) {
            return Math.max((double) p.cpuCenti() / server.cpuCenti(), (double) p.memoryMb() / server.memoryMb());
        }
    }
}
