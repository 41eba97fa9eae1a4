package org.flowstream.placement.construction;

import org.flowstream.placement.feasibility.ViolationReport;

/**
 * What the construction phase ({@link GreedyRoundRobinConstruction}) tells the solve that runs it:
 * the violations of the greedy solution and then of each new best placement of the repairs, and at
 * the end how many moves the repairs evaluated. The move count is the search's effort in a unit that
 * does not depend on the machine or its load (the time limit only cuts it short).
 */
@FunctionalInterface
public interface ConstructionListener {
    void bestFound(ViolationReport violations);

    /** Once per solve, after the repairs: moves evaluated on the ledger (0 when the greedy was feasible). */
    default void repairMoves(long moves) {}
}
