package org.flowstream.contracts.move;

/**
 * The switch's part of a move: send the moved flows' traffic (both directions) to the new instance. {@link
 * #toNew()} returns once the switch has the new rules; what still reaches the old instance while the switch takes
 * them in is held there and handed over once that traffic has been quiet for the move's quiet period.
 */
public interface Rewire {

    void toNew() throws Exception;

    /** Undoes {@link #toNew()} (an aborted move); best effort, a failure is the implementation's to report. */
    void back();
}
