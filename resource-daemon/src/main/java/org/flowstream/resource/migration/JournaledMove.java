package org.flowstream.resource.migration;

import java.util.ArrayList;
import java.util.List;
import org.flowstream.contracts.move.PhasedMove;
import org.flowstream.contracts.records.modulehost.PmFlowState;
import org.flowstream.contracts.records.resource.PlacedPm;
import org.flowstream.resource.ResourceSettings;

/**
 * One move of flows between two running instances of a PM, as every caller on the resource daemon runs it
 * (migrate_flows' {@link FlowMigrations}, a scaling group's unit moves in {@code GroupScaler}): each stateful
 * element's flows by {@link CrossHostMove}, in the mode asked for (the phased move, the platform's default, or total
 * copy), written to the {@link MoveJournal} before anything freezes and again when the hand-over begins (and, a
 * phased move, with each batch in hand), the phased move's daisy paths on the switch while it runs. A restart finds
 * the journal's entry and settles the move ({@link FlowMigrations#recoverInterrupted()}).
 *
 * <p>The caller removes the journal's entry once it has recorded the outcome (the book, the group's store).
 */
public final class JournaledMove {

    /** Told when each step starts, and when a phased batch has been taken and not yet delivered. */
    public interface Progress {
        void step(String step, String detail);

        /** A batch is in hand: taken from the old instance, not yet at the new one (tests fail a move here). */
        default void batchInHand() {}
    }

    /** The move failed; {@code handOverBegun}: after the old instance began handing over (no way back). */
    public static final class FailedException extends RuntimeException {
        private final boolean handOverBegun;

        FailedException(String message, boolean handOverBegun, Throwable cause) {
            super(message, cause);
            this.handOverBegun = handOverBegun;
        }

        /** False: the old instance serves on with every flow's state (the algorithms' abort). */
        public boolean handOverBegun() {
            return handOverBegun;
        }
    }

    private final MoveJournal journal;
    private final DaisyRules daisyRules;
    private final ResourceSettings settings;

    public JournaledMove(MoveJournal journal, DaisyRules daisyRules, ResourceSettings settings) {
        this.journal = journal;
        this.daisyRules = daisyRules;
        this.settings = settings;
    }

    /**
     * Moves the flows {@code filter} selects of each of {@code elements} from {@code old} (reached through {@code
     * from}) to {@code fresh} ({@code to}), rewiring the switch with {@code cutover}.
     *
     * @param phased the phased move (§2.3.2), else total copy (a PM without stateful elements only rewires)
     * @throws FailedException in words; before the hand-over everything is back at the old instance and the daisy
     *     paths are gone
     */
    public List<CrossHostMove.Moved> run(
            int allocId,
            PlacedPm old,
            PlacedPm fresh,
            PmFlowsChannel from,
            PmFlowsChannel to,
            List<String> elements,
            String filter,
            boolean phased,
            SwitchCutover cutover,
            Progress progress) {
        boolean inPhases = phased && !elements.isEmpty();
        // The journal's entry as the move goes: the old instance handing over (no way back), a batch in hand.
        MoveJournal.Entry[] entry = {
            new MoveJournal.Entry(allocId, old, fresh, elements, filter, false, inPhases, "", List.of())
        };
        List<CrossHostMove.Moved> moved = new ArrayList<>();
        try {
            journal.write(entry[0]);
            if (elements.isEmpty()) { // nothing to carry over: only the switch changes
                progress.step("rewire the switch", "a stateless PM");
                cutover.toNew();
            } else if (inPhases) {
                daisyRules.install(allocId, old, fresh);
            }
            for (String element : elements) {
                CrossHostMove.Progress journaled = new CrossHostMove.Progress() {
                    @Override
                    public void step(String step, String detail) {
                        if (step.equals("hand over") && !entry[0].handingOver()) {
                            entry[0] = entry[0].withHandOverBegun();
                            journal.write(entry[0]);
                        }
                        progress.step(step, detail);
                    }

                    @Override
                    public void inHand(List<PmFlowState> states) {
                        entry[0] = entry[0].withInHand(element, states);
                        journal.write(entry[0]);
                        if (!states.isEmpty()) {
                            progress.batchInHand();
                        }
                    }
                };
                moved.add(
                        inPhases
                                ? CrossHostMove.Moved.of(
                                        element,
                                        CrossHostMove.runPhased(
                                                from, to, element, filter, cutover, phasedSettings(), journaled))
                                : CrossHostMove.run(
                                        from, to, element, filter, cutover, settings.migrationQuietMillis, journaled));
            }
        } catch (RuntimeException e) {
            if (inPhases) {
                daisyRules.remove(allocId); // after an abort the old instance daisy-chains nothing any more
            }
            throw new FailedException(e.getMessage(), entry[0].handingOver(), e);
        }
        if (inPhases) {
            daisyRules.remove(allocId);
        }
        return moved;
    }

    /** The phased move as this daemon's settings tune it. */
    private PhasedMove.Settings phasedSettings() {
        return new PhasedMove.Settings(
                settings.migrationBatches,
                settings.migrationExpiryRatePercent / 100,
                PhasedMove.Settings.defaults().pollMs(),
                settings.migrationMaxIdleMillis,
                settings.migrationQuietMillis,
                false);
    }
}
