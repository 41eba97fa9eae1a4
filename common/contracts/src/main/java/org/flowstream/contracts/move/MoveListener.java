package org.flowstream.contracts.move;

import java.util.List;
import org.flowstream.contracts.records.modulehost.PmFlowState;

/**
 * What a move tells its driver as it goes, so the driver can show progress and journal what a restart must settle.
 * Both methods are called on the move's thread before the move goes on; an exception thrown here aborts the move
 * like a failed step.
 */
public interface MoveListener {

    MoveListener NONE = new MoveListener() {};

    /**
     * A step begins: {@code freeze}, {@code copy state}, {@code rewire the switch}, {@code hand over} (total copy);
     * {@code idle phase}, {@code copy state} (once per batch), {@code rewire the switch}, {@code hand over}
     * (phased). From {@code hand over} on the old instance gives its state away and the move only goes forward.
     */
    default void step(String step, String detail) {}

    /**
     * The states the move holds in hand: a phased batch taken from the old instance and not yet imported at the new
     * one ({@code states}), or nothing any more (an empty list). A driver that journals these can give them back to
     * the old instance if it restarts in between.
     */
    default void inHand(List<PmFlowState> states) {}

    /** Something an abort could not undo, in words (the move goes on undoing the rest). */
    default void warn(String message) {
        System.getLogger(MoveListener.class.getName()).log(System.Logger.Level.WARNING, message);
    }
}
