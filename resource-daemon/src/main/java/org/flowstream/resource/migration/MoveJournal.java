package org.flowstream.resource.migration;

import java.util.List;
import org.flowstream.contracts.records.modulehost.PmFlowState;
import org.flowstream.contracts.records.resource.PlacedPm;

/**
 * The moves in flight, kept durably so that a resource daemon that restarts in the middle of one can finish or undo
 * it ({@link FlowMigrations#recoverInterrupted()}): without it the old instance would stay frozen, holding its
 * flows' packets. Behind an interface so that replicated controllers can keep it with the rest of their state.
 */
public interface MoveJournal {

    /**
     * One move: the instance it leaves, the one it goes to (with its switch ports, to record it), the stateful
     * elements and flow filter it freezes, and whether the old instance has begun handing its flows over. A phased
     * move ({@code phased}) also has daisy paths on the switch and, between a batch's take and its delivery, the
     * batch's states in hand ({@code inHand}, of the element {@code inHandElement}): a restart before the
     * hand-over gives them back to the old instance with everything the new one holds.
     */
    record Entry(
            int allocId,
            PlacedPm from,
            PlacedPm to,
            List<String> elements,
            String filter,
            boolean handingOver,
            boolean phased,
            String inHandElement,
            List<PmFlowState> inHand) {

        public Entry {
            inHand = inHand == null ? List.of() : List.copyOf(inHand);
            inHandElement = inHandElement == null ? "" : inHandElement;
        }

        /** A total copy's entry. */
        public Entry(
                int allocId, PlacedPm from, PlacedPm to, List<String> elements, String filter, boolean handingOver) {
            this(allocId, from, to, elements, filter, handingOver, false, "", List.of());
        }

        Entry withHandOverBegun() {
            return new Entry(allocId, from, to, elements, filter, true, phased, "", List.of());
        }

        Entry withInHand(String element, List<PmFlowState> states) {
            return new Entry(allocId, from, to, elements, filter, handingOver, phased, element, states);
        }
    }

    /** Records {@code entry} (replacing the allocation's previous one), durable when this returns. */
    void write(Entry entry);

    /** Forgets the allocation's move. */
    void remove(int allocId);

    /** The moves that were written and not removed. */
    List<Entry> unfinished();
}
