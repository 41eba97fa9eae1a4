package org.flowstream.resource.migration;

import java.util.List;
import java.util.Map;
import org.flowstream.contracts.records.modulehost.HandedOverPacket;
import org.flowstream.contracts.records.modulehost.PmFlowState;
import org.flowstream.contracts.records.modulehost.ReleaseSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * §2.3.2's freeze-and-copy between two PMs on two module hosts, driven from the resource daemon through both
 * hosts' pm_flows: the same steps and guarantees as the module host's {@code migrate.FlowMove} (docs/migration.md:
 * freeze at the new instance, freeze at the old, export and import, switch to the new, hand over the old one's
 * held packets once its traffic is quiet, release them at the new one before its own), with the control requests
 * crossing hosts. Steps are reported to a {@link Progress} as they start.
 *
 * <p>Abort: anything that fails before the hand-over (a freeze or import refused, the new PM or its host gone, the
 * switch refusing the rules) sets the switch back, makes the new instance forget what it imported and lets the old
 * one process what it held; it goes on serving with its full state. After the hand-over the old instance has
 * given its state away, so the move can only go forward.
 */
public final class CrossHostMove {

    private static final Logger LOG = LoggerFactory.getLogger(CrossHostMove.class);

    /** Told when each step starts. */
    @FunctionalInterface
    public interface Progress {
        void step(String step, String detail);
    }

    /** The move stopped before the hand-over; the old instance serves as before. */
    public static final class AbortedException extends RuntimeException {
        AbortedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * What one element's move did: states moved, packets the old instance handed over and the new one processed
     * from both holds, how long packets waited (µs), and how long the phases took (ms).
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
            long handOverMillis) {}

    private CrossHostMove() {}

    /** Moves {@code element}'s flows selected by {@code filter} from {@code from} to {@code to}. */
    public static Moved run(
            PmFlowsChannel from,
            PmFlowsChannel to,
            String element,
            String filter,
            SwitchCutover cutover,
            int quietMs,
            Progress progress) {
        long start = System.nanoTime();
        progress.step("freeze", "");
        to.call("freeze", element, filter, Map.of());
        try {
            from.call("freeze", element, filter, Map.of());
        } catch (RuntimeException e) {
            release(to, element, filter);
            throw new AbortedException("cannot freeze the flows at %s: %s".formatted(from, e.getMessage()), e);
        }
        int states = -1;
        boolean switched = false;
        long copied;
        long rewired;
        try {
            progress.step("copy state", "");
            List<PmFlowState> exported = from.export(element, filter);
            states = ((Number) to.call("import", element, filter, Map.of("states", exported))).intValue();
            copied = System.nanoTime();
            progress.step("rewire the switch", "%d states copied".formatted(states));
            switched = true;
            cutover.toNew();
            rewired = System.nanoTime();
        } catch (RuntimeException e) {
            abort(from, to, element, filter, states >= 0, switched ? cutover : null);
            throw new AbortedException(
                    "moving the flows of %s from %s to %s failed, nothing moved: %s"
                            .formatted(element, from, to, e.getMessage()),
                    e);
        }
        // From here on the switch sends the flows to the new instance: the move can only go forward.
        progress.step("hand over", "%d states copied; the old instance hands over what it held".formatted(states));
        List<HandedOverPacket> packets = from.handOver(element, filter, quietMs);
        long handedOver = System.nanoTime();
        ReleaseSummary released = to.release(element, filter, packets);
        long end = System.nanoTime();
        Moved moved = new Moved(
                element,
                states,
                packets.size(),
                released.processed(),
                released.holdUsP50(),
                released.holdUsP99(),
                released.holdUsMax(),
                (copied - start) / 1_000_000,
                (rewired - copied) / 1_000_000,
                (end - rewired) / 1_000_000);
        LOG.info("moved {} ({}) from {} to {}: {}", element, filter.isEmpty() ? "every flow" : filter, from, to, moved);
        return moved;
    }

    private static void abort(
            PmFlowsChannel from,
            PmFlowsChannel to,
            String element,
            String filter,
            boolean imported,
            SwitchCutover switched) {
        if (switched != null) {
            switched.back();
        }
        if (imported) {
            try {
                to.call("delete", element, filter, Map.of());
            } catch (RuntimeException e) {
                LOG.warn("aborted move: cannot delete what {} imported: {}", to, e.getMessage());
            }
        }
        release(to, element, filter);
        release(from, element, filter);
    }

    private static void release(PmFlowsChannel instance, String element, String filter) {
        try {
            instance.call("release", element, filter, Map.of("packets", List.of()));
        } catch (RuntimeException e) {
            LOG.warn("aborted move: cannot unfreeze {} at {}: {}", filter, instance, e.getMessage());
        }
    }
}
