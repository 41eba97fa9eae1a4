package org.flowstream.contracts.move;

import java.util.List;
import org.flowstream.contracts.records.modulehost.HandedOverPacket;
import org.flowstream.contracts.records.modulehost.PmFlowState;
import org.flowstream.contracts.records.modulehost.PmFlowsRequest;
import org.flowstream.contracts.records.modulehost.ReleaseSummary;

/**
 * Total copy: {@code move(from, to, filter)} with no packet lost and none reordered within a flow (§2.3.2's
 * freeze-and-copy of the whole filter at once, OpenNF's loss-free and order-preserving move):
 *
 * <ol>
 *   <li>the new instance freezes the filter (it will hold what the switch sends it, until step 6);
 *   <li>the old instance freezes it: its packets of those flows wait, the flows' state stops changing;
 *   <li>the state is exported from the old instance and imported into the new one;
 *   <li>the switch sends the flows' traffic to the new instance;
 *   <li>once no packet of the filter has reached the old instance for {@code quietMs} (the last in flight have
 *       arrived), it hands over its held packets and forgets the state;
 *   <li>the new instance processes the handed-over packets, then its own held ones, in order, and unfreezes.
 * </ol>
 *
 * A failure before step 5 aborts: the switch is set back, the new instance forgets what it imported, and the old
 * instance processes its held packets and goes on serving with its full state.
 */
public final class FlowMove {

    /** One side of a move: a PM, its stateful element, and the channel to it; each method is one pm_flows op. */
    public record Instance(PmFlows channel, String pm, String element) {

        private Object call(
                String op, String filter, List<PmFlowState> states, List<HandedOverPacket> packets, Integer quietMs)
                throws Exception {
            return channel.call(new PmFlowsRequest(pm, op, element, filter, states, packets, quietMs));
        }

        private Object call(String op, String filter) throws Exception {
            return call(op, filter, null, null, null);
        }

        @SuppressWarnings("unchecked") // PmFlowsRequest.readAnswer reads export's answer as this list
        public List<PmFlowState> export(String filter) throws Exception {
            return (List<PmFlowState>) call("export", filter);
        }

        @SuppressWarnings("unchecked") // and take's
        public List<PmFlowState> take(String filter) throws Exception {
            return (List<PmFlowState>) call("take", filter);
        }

        public int importStates(String filter, List<PmFlowState> states) throws Exception {
            return ((Number) call("import", filter, states, null, null)).intValue();
        }

        public int reserve(String filter, List<PmFlowState> states) throws Exception {
            return ((Number) call("reserve", filter, states, null, null)).intValue();
        }

        public int count(String filter) throws Exception {
            return ((Number) call("count", filter)).intValue();
        }

        public int delete(String filter) throws Exception {
            return ((Number) call("delete", filter)).intValue();
        }

        /** freeze, await, daisy, accept_daisy or end_daisy: the gate's counters come back, the move needs none. */
        public void gate(String op, String filter) throws Exception {
            call(op, filter);
        }

        @SuppressWarnings("unchecked") // readAnswer reads hand_over's answer as this list
        public List<HandedOverPacket> handOver(String filter, int quietMs) throws Exception {
            return (List<HandedOverPacket>) call("hand_over", filter, null, null, quietMs);
        }

        /** Imports {@code states} (if any), processes {@code packets}, then what this instance held, and unfreezes. */
        public ReleaseSummary release(String filter, List<HandedOverPacket> packets, List<PmFlowState> states)
                throws Exception {
            return (ReleaseSummary) call("release", filter, states, packets, null);
        }

        @Override
        public String toString() {
            return pm + "/" + element;
        }
    }

    /**
     * What a move did: states moved, packets the old instance handed over and the new one processed from both
     * holds, how long packets waited (microseconds), and how long each phase took (microseconds).
     */
    public record Result(
            int states,
            int handedOver,
            int processedAtNew,
            long holdP50Micros,
            long holdP99Micros,
            long holdMaxMicros,
            long freezeAndCopyMicros,
            long rewireMicros,
            long handOverMicros,
            long totalMicros) {}

    /** The move stopped before the switch was committed to the new instance; the old one serves as before. */
    public static final class AbortedException extends Exception {
        AbortedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private FlowMove() {}

    public static Result run(Instance from, Instance to, String filter, Rewire rewire, int quietMs) throws Exception {
        return run(from, to, filter, rewire, quietMs, MoveListener.NONE);
    }

    /** The move, telling {@code listener} each step as it begins (a driver's progress and journal). */
    public static Result run(
            Instance from, Instance to, String filter, Rewire rewire, int quietMs, MoveListener listener)
            throws Exception {
        long start = System.nanoTime();
        listener.step("freeze", "");
        to.gate("freeze", filter);
        try {
            from.gate("freeze", filter);
        } catch (Exception e) {
            release(to, filter, listener);
            throw new AbortedException("cannot freeze %s at %s: %s".formatted(what(filter), from, e.getMessage()), e);
        }
        int states = -1;
        boolean switched = false;
        long copied;
        long rewired;
        try {
            listener.step("copy state", "");
            states = to.importStates(filter, from.export(filter));
            copied = System.nanoTime();
            listener.step("rewire the switch", "%d states copied".formatted(states));
            switched = true;
            rewire.toNew();
            rewired = System.nanoTime();
        } catch (Exception e) {
            abort(from, to, filter, states >= 0, switched ? rewire : null, listener);
            throw new AbortedException(
                    "moving %s from %s to %s failed, nothing moved: %s"
                            .formatted(what(filter), from, to, e.getMessage()),
                    e);
        }
        // From here on the switch sends the flows to the new instance: the move can only go forward.
        listener.step("hand over", "%d states copied; the old instance hands over what it held".formatted(states));
        List<HandedOverPacket> packets = from.handOver(filter, quietMs);
        long handedOver = System.nanoTime();
        ReleaseSummary released = to.release(filter, packets, null);
        long end = System.nanoTime();
        return new Result(
                states,
                packets.size(),
                released.processed(),
                released.holdUsP50(),
                released.holdUsP99(),
                released.holdUsMax(),
                (copied - start) / 1000,
                (rewired - copied) / 1000,
                (handedOver - rewired) / 1000,
                (end - start) / 1000);
    }

    /** Undoes a move that has not handed over: switch back, the new instance forgets, both let their holds go. */
    private static void abort(
            Instance from, Instance to, String filter, boolean imported, Rewire switched, MoveListener listener) {
        if (switched != null) {
            switched.back();
        }
        if (imported) {
            try {
                to.delete(filter);
            } catch (Exception e) {
                listener.warn("aborted move: cannot delete what %s imported: %s".formatted(to, e.getMessage()));
            }
        }
        release(to, filter, listener);
        release(from, filter, listener);
    }

    static void release(Instance instance, String filter, MoveListener listener) {
        try {
            instance.release(filter, List.of(), null);
        } catch (Exception e) {
            listener.warn(
                    "aborted move: cannot unfreeze %s at %s: %s".formatted(what(filter), instance, e.getMessage()));
        }
    }

    static String what(String filter) {
        return filter == null || filter.isBlank() ? "every flow" : filter;
    }
}
