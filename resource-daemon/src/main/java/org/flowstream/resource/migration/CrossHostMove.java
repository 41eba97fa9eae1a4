package org.flowstream.resource.migration;

import java.util.List;
import java.util.concurrent.Callable;
import org.flowstream.contracts.move.FlowMove;
import org.flowstream.contracts.move.MoveListener;
import org.flowstream.contracts.move.PhasedMove;
import org.flowstream.contracts.records.modulehost.PmFlowState;
import org.flowstream.resource.gateway.GatewayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A move between two PMs on two module hosts, driven from the resource daemon through both hosts' pm_flows: the
 * contracts' {@link FlowMove} (total copy) or {@link PhasedMove} (§2.3.2's idle phase and batches), the one
 * implementation of each algorithm, over {@link PmFlowsChannel}s and the openflow daemon's {@link SwitchCutover}.
 * This class adapts them to the daemon: steps reported to a {@link Progress} (which {@code FlowMigrations}
 * journals), times in milliseconds, and failures as unchecked exceptions in words.
 *
 * <p>Abort: anything that fails before the hand-over leaves the old instance serving with its full state (the
 * algorithms' abort). After the hand-over the old instance has given its state away, so the move only goes forward.
 */
public final class CrossHostMove {

    private static final Logger LOG = LoggerFactory.getLogger(CrossHostMove.class);

    /** Told when each step starts, and (a phased move) of the batch the move holds in hand. */
    @FunctionalInterface
    public interface Progress {
        void step(String step, String detail);

        /** The states of a batch taken from the old instance and not yet delivered (empty: none any more). */
        default void inHand(List<PmFlowState> states) {}
    }

    /** The move stopped before the hand-over; the old instance serves as before. */
    public static final class AbortedException extends RuntimeException {
        AbortedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * What one element's move did: states moved, packets the old instance handed over at the end and the new one
     * processed from its holds, how long packets waited (µs), and how long the phases took (ms). Total copy:
     * {@code statesAtStart} and {@code statesAfterIdlePhase} are {@code states} and there is no idle phase. Phased:
     * {@code states} are those copied in batches (the rest expired at the old instance in the idle phase),
     * {@code freezeAndCopyMillis} the batches, {@code rewireMillis} the rest up to the switch's rewire (reserve, the
     * new instance's freeze), {@code handOverMillis} from the rewire to the end of the release.
     */
    public record Moved(
            String element,
            int states,
            int handedOver,
            int processed,
            long holdP50Micros,
            long holdP99Micros,
            long holdMaxMicros,
            long freezeAndCopyMillis,
            long rewireMillis,
            long handOverMillis,
            int statesAtStart,
            int statesAfterIdlePhase,
            long idlePhaseMillis) {

        static Moved of(String element, PhasedMove.Result r) {
            long rest = r.totalMicros() - r.idlePhaseMicros() - r.copyMicros() - r.rewireMicros();
            return new Moved(
                    element,
                    r.statesCopied(),
                    r.handedOver(),
                    r.packetsHeld(),
                    r.holdP50Micros(),
                    r.holdP99Micros(),
                    r.holdMaxMicros(),
                    r.copyMicros() / 1000,
                    rest / 1000,
                    r.rewireMicros() / 1000,
                    r.statesAtStart(),
                    r.statesAfterIdlePhase(),
                    r.idlePhaseMicros() / 1000);
        }
    }

    private CrossHostMove() {}

    /** Moves {@code element}'s flows selected by {@code filter} from {@code from} to {@code to} by total copy. */
    public static Moved run(
            PmFlowsChannel from,
            PmFlowsChannel to,
            String element,
            String filter,
            SwitchCutover cutover,
            int quietMs,
            Progress progress) {
        FlowMove.Result r = unchecked(() -> FlowMove.run(
                from.instance(element), to.instance(element), filter, cutover, quietMs, listener(progress)));
        Moved moved = new Moved(
                element,
                r.states(),
                r.handedOver(),
                r.processedAtNew(),
                r.holdP50Micros(),
                r.holdP99Micros(),
                r.holdMaxMicros(),
                r.freezeAndCopyMicros() / 1000,
                r.rewireMicros() / 1000,
                r.handOverMicros() / 1000,
                r.states(),
                r.states(),
                0);
        LOG.info("moved {} ({}) from {} to {}: {}", element, what(filter), from, to, moved);
        return moved;
    }

    /**
     * The same move in §2.3.2's two phases: the old instance daisy-chains the flows it has no state for to the new
     * one (through the switch: the daisy rules must be in place, {@link DaisyRules}) while its states expire, then
     * the rest is copied in batches, then the switch is rewired.
     */
    public static PhasedMove.Result runPhased(
            PmFlowsChannel from,
            PmFlowsChannel to,
            String element,
            String filter,
            SwitchCutover cutover,
            PhasedMove.Settings settings,
            Progress progress) {
        PhasedMove.Result r = unchecked(() -> PhasedMove.run(
                from.instance(element),
                to.instance(element),
                filter,
                cutover,
                settings,
                PhasedMove.Clock.REAL,
                listener(progress)));
        LOG.info("moved {} ({}) from {} to {} in phases: {}", element, what(filter), from, to, r);
        return r;
    }

    /** A move of the contracts' algorithms, its failures as this daemon's unchecked ones. */
    private static <T> T unchecked(Callable<T> move) {
        try {
            return move.call();
        } catch (FlowMove.AbortedException e) {
            throw new AbortedException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new GatewayException(e.getMessage());
        }
    }

    /** A listener for a move's undoing outside a task (a restart's recovery): warnings go to the log. */
    static MoveListener logOnly() {
        return listener((step, detail) -> {});
    }

    private static MoveListener listener(Progress progress) {
        return new MoveListener() {
            @Override
            public void step(String step, String detail) {
                progress.step(step, detail);
            }

            @Override
            public void inHand(List<PmFlowState> states) {
                progress.inHand(states);
            }

            @Override
            public void warn(String message) {
                LOG.warn(message);
            }
        };
    }

    private static String what(String filter) {
        return filter == null || filter.isEmpty() ? "every flow" : filter;
    }
}
