package org.flowstream.placement.exact;

import com.google.ortools.Loader;
import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;
import com.google.ortools.sat.Literal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.feasibility.Infeasibility;

/**
 * An exact search, for small platforms, over what the servers carry: every PM gets one server, and
 * every server stays within its CPU, memory, internal bandwidth, uplink and downlink. Solved with
 * OR-Tools' CP-SAT.
 *
 * <p>These five loads depend on nothing but the PM-to-server assignment on any platform: a server's
 * uplink carries what its PMs send to sinks or to PMs on other servers, its downlink what sources and
 * PMs on other servers send to its PMs, whatever the switches between them. The model leaves out the
 * switch-to-switch and I/O links and the delay bounds, so it is a <em>relaxation</em>: when CP-SAT
 * proves that no assignment satisfies it, no placement exists at all (sound). An assignment it finds
 * may still break a left-out constraint, so the caller confirms it on the ledger before calling it
 * feasible.
 *
 * <p>Servers that are alike in all five capacities are interchangeable, so the search only looks at
 * assignments where the PM of rank r (PMs sorted largest first) is on one of the first r+1 servers:
 * any placement can be renumbered that way (number the servers in the order their largest PM appears).
 * Without this, CP-SAT would re-prove the same dead end once per permutation of the servers.
 */
public final class ServerPackingSearch {
    /** Larger instances are left to the heuristic search: the model has one variable per group and server. */
    static final long MAX_CELLS = 250_000;

    /** How long to search: wall-clock cap, and CP-SAT's deterministic time (a count of work, machine-independent). */
    public record Limits(Duration wallTime, double deterministicSeconds, int workers, long seed) {}

    /** What the search found. */
    public sealed interface Verdict {
        /** Every PM's server: it satisfies the server-side constraints (the ledger has the last word). */
        record Assignment(Map<Integer, ServerNode> serverOfPm, Effort effort) implements Verdict {}

        /** No assignment satisfies even the server-side constraints. */
        record NoPlacement(Infeasibility why, Effort effort) implements Verdict {}

        /** Limit reached, or the model does not apply; says why. */
        record Unknown(String why, Effort effort) implements Verdict {}
    }

    /** What the search cost, as counts (reproducible) and wall time. */
    public record Effort(long branches, long conflicts, double deterministicSeconds, double wallSeconds) {
        static final Effort NONE = new Effort(0, 0, 0, 0);

        @Override
        public String toString() {
            return String.format(
                    "%d branches, %d conflicts, %.2f deterministic s, %.2f s",
                    branches, conflicts, deterministicSeconds, wallSeconds);
        }
    }

    private ServerPackingSearch() {}

    /** Whether the model is small enough to build: (groups of every service) x servers. */
    public static boolean applies(Platform platform, List<ServiceGraph> services) {
        long groups = 0;
        for (ServiceGraph ns : services) {
            if (ns.pms().size() > Group.MAX_PMS) return false;
            groups += (1L << ns.pms().size()) - 1;
        }
        return groups * platform.servers().size() <= MAX_CELLS;
    }

    public static Verdict search(Platform platform, List<ServiceGraph> services, Limits limits) {
        if (!applies(platform, services))
            return new Verdict.Unknown(
                    "too large for the exact search (groups x servers above " + MAX_CELLS + ")", Effort.NONE);
        Loader.loadNativeLibraries();
        Model m = new Model(platform, services);
        CpSolver solver = new CpSolver();
        solver.getParameters()
                .setMaxTimeInSeconds(limits.wallTime().toMillis() / 1000.0)
                .setMaxDeterministicTime(limits.deterministicSeconds())
                .setNumWorkers(limits.workers())
                // Several workers take turns on one thread pool, in a fixed order: same answer on every run.
                .setInterleaveSearch(limits.workers() > 1)
                .setRandomSeed((int) limits.seed())
                .setCpModelProbingLevel(Integer.parseInt(System.getenv().getOrDefault("CPSAT_PROBING", "2")))
                .setSymmetryLevel(Integer.parseInt(System.getenv().getOrDefault("CPSAT_SYM", "2")))
                .setLogSearchProgress(System.getenv("CPSAT_LOG") != null);
        if (System.getenv("CPSAT_LOG") != null) {
            solver.getParameters().setLogToStdout(false);
            solver.setLogCallback(System.out::println);
        }
        CpSolverStatus status = solver.solve(m.model);
        Effort effort = new Effort(
                solver.numBranches(),
                solver.numConflicts(),
                solver.response().getDeterministicTime(),
                solver.wallTime());
        return switch (status) {
            case OPTIMAL, FEASIBLE -> new Verdict.Assignment(m.read(solver), effort);
            case INFEASIBLE -> new Verdict.NoPlacement(m.proof(), effort);
            default -> new Verdict.Unknown("exact search reached its limit (" + effort + ")", effort);
        };
    }

    /**
     * The CP-SAT model over <em>groups</em>: a group is a set of PMs of one service that share a server.
     * y[g][s] says group g is on server s; every PM is in exactly one chosen group, every server holds
     * at most one group per service, and each group brings fixed loads (its CPU and memory, the traffic
     * between its PMs on the internal bandwidth, what enters it from outside the group on the downlink
     * and what leaves it on the uplink). So every load is linear, which gives CP-SAT's LP the real
     * link loads instead of a product of two assignments.
     */
    private static final class Model {
        final CpModel model = new CpModel();
        final List<ServerNode> servers;
        final List<Group> groups = new ArrayList<>();
        /** y[g][s], null where the group does not fit or symmetry breaking rules the server out. */
        final BoolVar[][] y;

        final boolean serversAlike;
        int pmCount;

        Model(Platform platform, List<ServiceGraph> services) {
            servers = platform.servers();
            int n = servers.size();
            serversAlike = serversAlike(servers);
            Map<Integer, Integer> rank = rankPms(services);
            for (ServiceGraph ns : services) groups.addAll(Group.all(ns, rank));
            y = new BoolVar[groups.size()][n];
            LinearExprBuilder[] cpu = builders(n), memory = builders(n), internal = builders(n);
            LinearExprBuilder[] up = builders(n), down = builders(n);
            Map<Integer, List<Literal>> coverOfPm = new HashMap<>();
            for (int g = 0; g < groups.size(); g++) {
                Group group = groups.get(g);
                // A group may use servers 0..(rank of its largest PM) only when servers are alike (class comment).
                int last = serversAlike ? Math.min(group.firstRank(), n - 1) : n - 1;
                for (int s = 0; s <= last; s++) {
                    if (!group.fits(servers.get(s))) continue;
                    BoolVar v = model.newBoolVar("y" + g + "_" + s);
                    y[g][s] = v;
                    for (ModuleNode pm : group.pms())
                        coverOfPm
                                .computeIfAbsent(pm.key(), k -> new ArrayList<>())
                                .add(v);
                    cpu[s].addTerm(v, group.cpuCenti());
                    memory[s].addTerm(v, group.memoryMb());
                    internal[s].addTerm(v, group.internalBps());
                    up[s].addTerm(v, group.upBps());
                    down[s].addTerm(v, group.downBps());
                }
            }
            pmCount = rank.size();
            for (ServiceGraph ns : services) {
                for (ModuleNode pm : ns.pms()) {
                    List<Literal> cover = coverOfPm.getOrDefault(pm.key(), List.of());
                    model.addExactlyOne(cover);
                }
            }
            // At most one group of a service per server: two would be one larger group.
            for (ServiceGraph ns : services) {
                for (int s = 0; s < n; s++) {
                    List<Literal> onServer = new ArrayList<>();
                    for (int g = 0; g < groups.size(); g++) {
                        if (y[g][s] != null && groups.get(g).serviceId().equals(ns.id())) onServer.add(y[g][s]);
                    }
                    if (onServer.size() > 1) model.addAtMostOne(onServer);
                }
            }
            for (int s = 0; s < n; s++) {
                ServerNode server = servers.get(s);
                model.addLessOrEqual(cpu[s], server.cpuCenti());
                model.addLessOrEqual(memory[s], server.memoryMb());
                model.addLessOrEqual(internal[s], server.internalBps());
                model.addLessOrEqual(up[s], server.uplink().capacityBps());
                model.addLessOrEqual(down[s], server.downlink().capacityBps());
            }
        }

        /** PMs ranked largest first (CPU or memory share of a server), for symmetry breaking. */
        private Map<Integer, Integer> rankPms(List<ServiceGraph> services) {
            List<ModuleNode> all = new ArrayList<>();
            for (ServiceGraph ns : services) all.addAll(ns.pms());
            ServerNode first = servers.get(0);
            all.sort(
                    Comparator.comparingDouble((ModuleNode p) -> size(p, first)).reversed());
            Map<Integer, Integer> rank = new HashMap<>();
            for (int i = 0; i < all.size(); i++) rank.put(all.get(i).key(), i);
            return rank;
        }

        Map<Integer, ServerNode> read(CpSolver solver) {
            Map<Integer, ServerNode> result = new HashMap<>();
            for (int g = 0; g < groups.size(); g++) {
                for (int s = 0; s < servers.size(); s++) {
                    if (y[g][s] != null && solver.booleanValue(y[g][s])) {
                        for (ModuleNode pm : groups.get(g).pms()) result.put(pm.key(), servers.get(s));
                    }
                }
            }
            return result;
        }

        Infeasibility proof() {
            return new Infeasibility(
                    "capacity",
                    servers.size() + " servers",
                    "no assignment of the " + pmCount + " PMs keeps every server within its CPU, memory,"
                            + " internal bandwidth, uplink and downlink (exhaustive CP-SAT search of the server-side"
                            + " constraints"
                            + (serversAlike ? ", servers alike and so numbered by their largest PM" : "")
                            + ")");
        }

        private static LinearExprBuilder[] builders(int n) {
            LinearExprBuilder[] b = new LinearExprBuilder[n];
            for (int i = 0; i < n; i++) b[i] = LinearExpr.newBuilder();
            return b;
        }

        private static boolean serversAlike(List<ServerNode> servers) {
            ServerNode a = servers.get(0);
            return servers.stream()
                    .allMatch(s -> s.cpuCenti() == a.cpuCenti()
                            && s.memoryMb() == a.memoryMb()
                            && s.internalBps() == a.internalBps()
                            && s.uplink().capacityBps() == a.uplink().capacityBps()
                            && s.downlink().capacityBps() == a.downlink().capacityBps());
        }

        /** Largest share of a server the PM takes on its own (CPU or memory); orders PMs for symmetry breaking. */
        private static double size(ModuleNode p, ServerNode server) {
            return Math.max((double) p.cpuCenti() / server.cpuCenti(), (double) p.memoryMb() / server.memoryMb());
        }
    }
}
