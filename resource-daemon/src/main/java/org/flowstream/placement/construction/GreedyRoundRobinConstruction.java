package org.flowstream.placement.construction;

import ai.timefold.solver.core.api.score.director.ScoreDirector;
import ai.timefold.solver.core.api.solver.phase.PhaseCommand;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.flowstream.placement.domain.IoNode;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.PlacementSolution;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.SinkNode;
import org.flowstream.placement.feasibility.LoadLedger;
import org.flowstream.placement.feasibility.ViolationReport;
import org.flowstream.placement.groups.GroupPlacementStage;

/**
 * Timefold custom phase that builds the initial solution with the two-level greedy round robin
 * (§3.2.3), then repairs its violations on the load ledger ({@link ConflictRepair}). PMs and sinks that already have a place (pinned ones, or a warm start) are kept and
 * counted first. The working solution is a clone, so entities are looked up by key there.
 */
public final class GreedyRoundRobinConstruction implements PhaseCommand<PlacementSolution> {
    private final int maxRackTries;
    private final Supplier<Duration> repairBudget;
    private final long seed;
    private final ConstructionListener onDone;

    /**
     * @param repairBudget how long the ledger-based conflict repair may run after the greedy (zero: none)
     * @param onDone       receives the violations of the greedy solution (the tables' "initial solution"), then those
     *                     of the repair's new best placements as it finds them
     */
    public GreedyRoundRobinConstruction(
            int maxRackTries, Duration repairBudget, long seed, ConstructionListener onDone) {
        this(maxRackTries, () -> repairBudget, seed, onDone);
    }

    /** With the repair budget read at the start of each solve (for a solver factory reused across time limits). */
    public GreedyRoundRobinConstruction(
            int maxRackTries, Supplier<Duration> repairBudget, long seed, ConstructionListener onDone) {
        this.maxRackTries = maxRackTries;
        this.repairBudget = repairBudget;
        this.seed = seed;
        this.onDone = onDone;
    }

    @Override
    public void changeWorkingSolution(
            ScoreDirector<PlacementSolution> scoreDirector, BooleanSupplier isPhaseTerminated) {
        PlacementSolution solution = scoreDirector.getWorkingSolution();
        LoadLedger ledger = new LoadLedger(solution.getPlatform());
        Map<Integer, ModuleNode> pmByKey = new HashMap<>();
        Map<Integer, SinkNode> sinkByKey = new HashMap<>();
        for (ServiceGraph ns : solution.getServices()) ledger.register(ns);
        for (ModuleNode pm : solution.getPms()) {
            pmByKey.put(pm.key(), pm);
            if (pm.getServer() != null) ledger.assignPm(pm.key(), pm.getServer());
        }
        for (SinkNode sink : solution.getSinks()) {
            sinkByKey.put(sink.key(), sink);
            if (sink.getIoNode() != null) ledger.assignSink(sink.key(), sink.getIoNode());
        }
        RoundRobinPlacer placer = new RoundRobinPlacer(ledger, maxRackTries, 4096);
        // Racks first only for a placement from scratch: the packing's model has no PMs that stay put.
        boolean fromScratch = solution.getPms().stream().allMatch(pm -> pm.getServer() == null);
        if (fromScratch && RackPacking.applies(solution.getPlatform(), solution.getServices()))
            placeByRackPacking(ledger, solution.getServices(), isPhaseTerminated);
        for (ServiceGraph ns : solution.getServices()) placer.place(ns, true);
        ViolationReport greedy = ledger.report(solution.getServices());
        if (onDone != null) onDone.bestFound(greedy);
        Duration budget = repairBudget.get();
        if (!greedy.feasible() && !budget.isZero()) {
            Set<Integer> pinned = new HashSet<>();
            for (ModuleNode pm : solution.getPms()) if (pm.isPinned()) pinned.add(pm.key());
            long deadline = System.nanoTime() + budget.toNanos();
            BooleanSupplier stop = () -> isPhaseTerminated.getAsBoolean() || System.nanoTime() > deadline;
            Consumer<ViolationReport> improved = onDone == null ? null : onDone::bestFound;
            ConflictRepair descent = new ConflictRepair(ledger, solution.getServices(), pinned, seed, improved);
            long left = descent.run(stop, 20);
            long moves = descent.movesEvaluated();
            // The descent stalls where every server link is nearly full (basic platform, 1024-byte packets).
            // There, on one rack of identical servers, choosing each service's split and packing its groups
            // finds placements the PM moves reach only after millions more moves, or never.
            Optional<GroupPlacementStage> groups =
                    left > 0 ? GroupPlacementStage.of(ledger, solution.getServices(), pinned, seed) : Optional.empty();
            if (groups.isPresent()) {
                long before = left;
                left = groups.get().run(GroupPlacementStage.MAX_MOVES, stop, improved);
                if (left < before && improved != null) improved.accept(ledger.report(solution.getServices()));
                moves += groups.get().moves();
            }
            if (left > 0) {
                AnnealingPortfolio annealing =
                        new AnnealingPortfolio(ledger, solution.getServices(), pinned, seed, improved);
                annealing.run(stop, deadline);
                moves += annealing.movesEvaluated();
            }
            if (onDone != null) onDone.repairMoves(moves);
        } else if (onDone != null) {
            onDone.repairMoves(0);
        }
        for (ServiceGraph ns : solution.getServices()) {
            for (ModuleNode original : ns.pms()) {
                ModuleNode pm = pmByKey.get(original.key());
                ServerNode server = ledger.serverOf(pm.key());
                if (pm.getServer() != server) {
                    scoreDirector.beforeVariableChanged(pm, "server");
                    pm.setServer(server);
                    scoreDirector.afterVariableChanged(pm, "server");
                }
            }
            for (SinkNode original : ns.sinks()) {
                SinkNode sink = sinkByKey.get(original.key());
                IoNode io = ledger.ioOf(sink.key());
                if (sink.getIoNode() != io) {
                    scoreDirector.beforeVariableChanged(sink, "ioNode");
                    sink.setIoNode(io);
                    scoreDirector.afterVariableChanged(sink, "ioNode");
                }
            }
        }
        scoreDirector.triggerVariableListeners();
    }

    /**
     * Where the sources nearly fill the links into the racks: each service goes whole into the rack
     * {@link RackPacking} chose for it (the round robin inside that one rack), largest first; a service
     * that does not fit there without a violation goes where it adds the least in that rack, for the
     * repair to sort out (moved to another rack, it would unbalance the racks' links).
     */
    private void placeByRackPacking(LoadLedger ledger, List<ServiceGraph> services, BooleanSupplier stop) {
        int[] rackOf = new RackPacking(ledger.platform(), services, seed).assign(stop);
        RoundRobinPlacer inOneRack = new RoundRobinPlacer(ledger, 1, 4096);
        Integer[] order = new Integer[services.size()];
        long[] ingress = new long[services.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            ingress[i] = RackPacking.ingressBps(services.get(i));
        }
        Arrays.sort(order, (a, b) -> Long.compare(ingress[b], ingress[a]));
        for (int i : order) {
            inOneRack.setRackPointer(rackOf[i]);
            if (inOneRack.place(services.get(i), false) != RoundRobinPlacer.Outcome.FITTED)
                inOneRack.placeLeastViolatingInRack(services.get(i), rackOf[i]);
        }
    }
}
