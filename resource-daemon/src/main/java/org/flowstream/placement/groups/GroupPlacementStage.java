package org.flowstream.placement.groups;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.PlatformLink;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.Units;
import org.flowstream.placement.feasibility.LoadLedger;
import org.flowstream.placement.feasibility.ViolationReport;

/**
 * The {@link GroupSearch} as a stage of a solve on the ledger: where the platform is one rack of
 * identical servers, no PM is pinned and every service can be split, the search runs on its own group
 * model, and its best placement goes back to the ledger as PM-to-server assignments. The ledger then
 * judges it on every link of the platform; when the ledger does not find it better than the placement
 * there before, that one is put back, so the stage never leaves the ledger worse than it found it.
 */
public final class GroupPlacementStage {
    /**
     * The stage's move budget. Every feasible 1024-byte basic cell took at most 4.6 million moves
     * (docs/placement.md); the rest of the solve's time, if any, goes to the ledger's annealing. 20
     * million, not more: with 100 million the stage took the whole 10 s of a cell it cannot solve and
     * the annealing none, and NS44 seed 8 ended 225 over instead of 82.
     */
    public static final long MAX_MOVES = 20_000_000L;

    /** The least time between two progress reports (each walks every server once). */
    static final long REPORT_NANOS = 5_000_000L;

    private final LoadLedger ledger;
    private final List<ServiceGraph> services;
    private final GroupSearch search;

    private GroupPlacementStage(LoadLedger ledger, List<ServiceGraph> services, GroupSearch search) {
        this.ledger = ledger;
        this.services = services;
        this.search = search;
    }

    /** The stage, when the platform and services are of the shape it needs. */
    public static Optional<GroupPlacementStage> of(
            LoadLedger ledger, List<ServiceGraph> services, Set<Integer> pinned, long seed) {
        if (!pinned.isEmpty()) return Optional.empty();
        Optional<OneRackShape> shape = OneRackShape.of(ledger.platform(), services);
        if (shape.isEmpty()) return Optional.empty();
        List<ServiceSplits> splits = new ArrayList<>(services.size());
        for (ServiceGraph ns : services) {
            ServiceSplits s = ServiceSplits.of(ns, shape.get());
            if (s == null) return Optional.empty();
            splits.add(s);
        }
        GroupSearch search = new GroupSearch(splits, shape.get(), seed, GroupSearch.Schedule.DEFAULT);
        return Optional.of(new GroupPlacementStage(ledger, services, search));
    }

    /**
     * Searches for at most {@code maxMoves} moves (or until {@code stop}), then puts the search's best
     * placement on the ledger if the ledger finds it better than the one there before (so a search cut
     * short still hands on its progress) or some PM had no server, else leaves the ledger as it was. Returns the ledger's total
     * violation after the stage: zero only when the ledger confirmed the search's placement.
     */
    public long run(long maxMoves, BooleanSupplier stop) {
        return run(maxMoves, stop, null);
    }

    /**
     * As {@link #run(long, BooleanSupplier)}, telling {@code progress} (if not null) about the search's
     * new best placements while it runs, in the ledger's units, at most every {@link #REPORT_NANOS}: the
     * checkpoint rows and the plotted curve then follow this stage too, not only the ledger's repairs.
     */
    public long run(long maxMoves, BooleanSupplier stop, Consumer<ViolationReport> progress) {
        long before = ledger.report(services).total();
        if (progress == null) {
            search.run(maxMoves, stop);
        } else {
            Reports reports = new Reports(progress);
            search.run(maxMoves, stop, reports::newBest);
            reports.now(); // the best, which a rate-limited report may have skipped
        }
        List<ServerNode> servers = ledger.platform().servers();
        List<ServerNode> previous = new ArrayList<>();
        for (ServiceGraph ns : services) for (ModuleNode pm : ns.pms()) previous.add(ledger.serverOf(pm.key()));
        for (int s = 0; s < services.size(); s++) {
            int[] at = search.pmServers(s);
            List<ModuleNode> pms = services.get(s).pms();
            for (int i = 0; i < at.length; i++) reassign(pms.get(i), servers.get(at[i]));
        }
        long after = ledger.report(services).total();
        // A PM without a server counts nothing on the ledger: a placement of every PM is better than one with holes.
        if (after < before || previous.contains(null)) return after;
        int i = 0;
        for (ServiceGraph ns : services) for (ModuleNode pm : ns.pms()) reassign(pm, previous.get(i++));
        return before;
    }

    /**
     * Reports the search's best as the ledger would count it: the search's server-side violation plus
     * what the links away from the servers carry over capacity, which no placement of this shape
     * changes (the sources, the sinks' I/O nodes and the switch stay where they are during the stage).
     */
    private final class Reports {
        private final Consumer<ViolationReport> progress;
        private final long elsewhere = bandwidthExcessAwayFromServers();
        private long last = System.nanoTime() - REPORT_NANOS;

        Reports(Consumer<ViolationReport> progress) {
            this.progress = progress;
        }

        /** A new best: reported unless the last report was less than {@link #REPORT_NANOS} ago. */
        void newBest() {
            if (System.nanoTime() - last >= REPORT_NANOS) now();
        }

        void now() {
            last = System.nanoTime();
            long[] kind = search.violationByKind();
            progress.accept(new ViolationReport(kind[0], kind[1], kind[2] + elsewhere, 0));
        }
    }

    private long bandwidthExcessAwayFromServers() {
        Set<PlatformLink> serverLinks = new HashSet<>();
        for (ServerNode s : ledger.platform().servers()) {
            serverLinks.add(s.uplink());
            serverLinks.add(s.downlink());
        }
        long excess = 0;
        for (PlatformLink l : ledger.platform().links())
            if (!serverLinks.contains(l)) excess += Units.excessMbps(ledger.linkLoad(l) - l.capacityBps());
        return excess;
    }

    /** Moves evaluated by the search. */
    public long moves() {
        return search.moves();
    }

    /** The total violation of the search's best placement, in its own model (server-side only). */
    public long searchViolation() {
        return search.totalViolation();
    }

    private void reassign(ModuleNode pm, ServerNode to) {
        if (ledger.serverOf(pm.key()) == to) return;
        if (ledger.serverOf(pm.key()) != null) ledger.unassignPm(pm.key());
        if (to != null) ledger.assignPm(pm.key(), to);
    }
}
