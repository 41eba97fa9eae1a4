package org.flowstream.resource.migration;

import java.util.List;
import org.flowstream.contracts.records.resource.PlacedPm;

/**
 * The moves in flight, kept durably so that a resource daemon that restarts in the middle of one can finish or undo
 * it ({@link FlowMigrations#recoverInterrupted()}): without it the old instance would stay frozen, holding its
 * flows' packets. Behind an interface so that replicated controllers can keep it with the rest of their state.
 */
public interface MoveJournal {

    /**
     * One move: the instance it leaves, the one it goes to (with its switch ports, to record it), the stateful
     * elements and flow filter it freezes, and whether the old instance has begun handing its flows over.
     */
    record Entry(int allocId, PlacedPm from, PlacedPm to, List<String> elements, String filter, boolean handingOver) {

        Entry withHandOverBegun() {
            return new Entry(allocId, from, to, elements, filter, true);
        }
    }

    /** Records {@code entry} (replacing the allocation's previous one), durable when this returns. */
    void write(Entry entry);

    /** Forgets the allocation's move. */
    void remove(int allocId);

    /** The moves that were written and not removed. */
    List<Entry> unfinished();
}
