package org.flowstream.placement.construction;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.flowstream.placement.domain.IoNode;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.SinkNode;
import org.flowstream.placement.feasibility.LoadLedger;
import org.flowstream.placement.feasibility.ViolationReport;

/**
 * Two {@link AnnealingRepair} searches from the same start, with different seeds and neighbourhoods,
 * each on its own copy of the ledger and its own thread. How many moves an annealing needs to reach a
 * feasible placement varies a lot with its seed (basic NS40 at 1024 bytes: 0.13 to 6.8 million), so
 * two searches reach the first feasible placement much sooner than one on average; the second also
 * re-places whole services ({@link AnnealingRepair.Schedule#RESPLITTING}), which finds placements
 * the first's moves reach only after millions more. The first search uses the solve's own seed and
 * the single search's moves, so nothing the single search found is lost.
 *
 * <p>The winner is decided by move counts, never by which thread is faster: the search that reaches
 * zero violations after the fewest moves wins (the first search on a tie). When one finishes, the
 * other goes on only until it has evaluated as many moves, so the same instance and seed give the
 * same placement on any machine, whenever the searches end before the deadline.
 */
public final class AnnealingPortfolio {
    /** Searches in the portfolio: one per core of the 2-core machines this runs on. */
    static final int SEARCHES = 2;

    private final LoadLedger ledger;
    private final List<ServiceGraph> services;
    private final Set<Integer> pinned;
    private final long seed;
    private final Consumer<ViolationReport> onImproved;
    private long movesEvaluated;

    /** The first finish: fewest moves, then lowest search index. */
    private long finishMoves = Long.MAX_VALUE;

    private int winner = -1;

    /** Set when the first search failed, so that the others stop instead of running to the deadline. */
    private volatile boolean abandoned;

    /** @param onImproved receives the violations of new best placements of every search (may be null) */
    public AnnealingPortfolio(
            LoadLedger ledger,
            List<ServiceGraph> services,
            Set<Integer> pinned,
            long seed,
            Consumer<ViolationReport> onImproved) {
        this.ledger = ledger;
        this.services = services;
        this.pinned = pinned;
        this.seed = seed;
        this.onImproved = onImproved;
    }

    /**
     * Runs the searches until one finishes (and the others have caught up in moves), {@code stop}
     * says so or the deadline passes; leaves the winner's placement (or, when none finished, the one
     * with the fewest violations) on the ledger and returns its total violation.
     */
    public long run(BooleanSupplier stop, long deadlineNanos) {
        LoadLedger[] ledgers = new LoadLedger[SEARCHES];
        AnnealingRepair[] searches = new AnnealingRepair[SEARCHES];
        long[] left = new long[SEARCHES];
        java.util.Arrays.fill(left, Long.MAX_VALUE); // a search that failed never counts as the best
        Throwable[] failure = new Throwable[1];
        for (int i = 0; i < SEARCHES; i++) {
            ledgers[i] = i == 0 ? ledger : copyOf(ledger);
            searches[i] = new AnnealingRepair(ledgers[i], services, pinned, seedOf(seed, i), onImproved, scheduleOf(i));
        }
        Thread[] threads = new Thread[SEARCHES];
        for (int i = 1; i < SEARCHES; i++) {
            int search = i;
            threads[i] = Thread.ofPlatform().name("annealing-" + i).daemon().start(() -> {
                try {
                    left[search] = runOne(searches[search], search, stop, deadlineNanos);
                } catch (RuntimeException | Error e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            });
        }
        try {
            left[0] = runOne(searches[0], 0, stop, deadlineNanos);
        } finally {
            abandoned = left[0] == Long.MAX_VALUE; // the first search failed: the others stop at their next check
            for (int i = 1; i < SEARCHES; i++) joinUninterruptibly(threads[i]);
        }
        synchronized (failure) {
            // A bug in a search must not pass unseen, as it would with the exception left on its thread.
            if (failure[0] instanceof RuntimeException e) throw e;
            if (failure[0] instanceof Error e) throw e;
        }
        int chosen = chosen(left);
        movesEvaluated = effort(searches);
        if (chosen != 0) copyPlacement(ledgers[chosen], ledger);
        return left[chosen];
    }

    /**
     * The seed of search {@code index}: the solve's own for the first; for the others the first output
     * of a generator seeded from both, so their random streams are unrelated. (Seeds a multiple of the
     * golden gamma apart, 0x9E3779B97F4A7C15, would be one {@link java.util.SplittableRandom} stream
     * shifted by a few values.)
     */
    static long seedOf(long seed, int index) {
        return index == 0 ? seed : new SplittableRandom(seed ^ (index * 0xD1B54A32D192ED03L)).nextLong();
    }

    /**
     * The schedule of search {@code index}: the first is the single search of before; the second also
     * re-places whole services now and then, a neighbourhood that decides other cells than the first's
     * (docs/placement.md), so the two together decide what either would.
     */
    static AnnealingRepair.Schedule scheduleOf(int index) {
        return index == 0 ? AnnealingRepair.Schedule.DEFAULT : AnnealingRepair.Schedule.RESPLITTING;
    }

    /**
     * The portfolio's effort in moves: when a search finished, the moves every search makes up to that
     * decision (the searches times the winner's moves; what a search ran past it, while it learnt of
     * the finish, depends on thread timing and is left out, so the figure is the same on every run);
     * otherwise the moves of all searches together.
     */
    public long movesEvaluated() {
        return movesEvaluated;
    }

    private synchronized long effort(AnnealingRepair[] searches) {
        if (winner >= 0) return searches.length * finishMoves;
        long total = 0;
        for (AnnealingRepair s : searches) total += s.movesEvaluated();
        return total;
    }

    private long runOne(AnnealingRepair search, int index, BooleanSupplier stop, long deadlineNanos) {
        long left = search.run(
                () -> abandoned || stop.getAsBoolean() || search.movesEvaluated() >= finishMoves(), deadlineNanos);
        if (left == 0) finished(search.movesEvaluated(), index);
        return left;
    }

    private synchronized long finishMoves() {
        return finishMoves;
    }

    private synchronized void finished(long moves, int index) {
        if (moves < finishMoves || (moves == finishMoves && index < winner)) {
            finishMoves = moves;
            winner = index;
        }
    }

    /** The winner, or when none finished the search with the fewest violations left (the first on a tie). */
    private synchronized int chosen(long[] left) {
        if (winner >= 0) return winner;
        int best = 0;
        for (int i = 1; i < left.length; i++) if (left[i] < left[best]) best = i;
        return best;
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** A ledger of the same services with the same placement. */
    private LoadLedger copyOf(LoadLedger from) {
        LoadLedger copy = new LoadLedger(from.platform());
        for (ServiceGraph ns : services) copy.register(ns);
        copyPlacement(from, copy);
        return copy;
    }

    /** Moves every PM and sink on {@code to} to where it is on {@code from}. */
    private void copyPlacement(LoadLedger from, LoadLedger to) {
        for (ServiceGraph ns : services) {
            for (ModuleNode pm : ns.pms()) {
                ServerNode want = from.serverOf(pm.key());
                if (to.serverOf(pm.key()) == want) continue;
                if (to.serverOf(pm.key()) != null) to.unassignPm(pm.key());
                if (want != null) to.assignPm(pm.key(), want);
            }
            for (SinkNode sink : ns.sinks()) {
                IoNode want = from.ioOf(sink.key());
                if (to.ioOf(sink.key()) == want) continue;
                if (to.ioOf(sink.key()) != null) to.unassignSink(sink.key());
                if (want != null) to.assignSink(sink.key(), want);
            }
        }
    }
}
