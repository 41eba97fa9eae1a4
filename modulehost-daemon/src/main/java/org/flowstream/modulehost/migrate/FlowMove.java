package org.flowstream.modulehost.migrate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.modulehost.state.FlowFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code move(from, to, filter)} with no packet lost and none reordered within a flow (§2.3.2's freeze-and-copy,
 * OpenNF's loss-free and order-preserving move):
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
 * A failure before step 5 aborts: the new instance forgets what it imported, the switch is set back, and the old
 * instance processes its held packets and goes on serving with its full state.
 */
public final class FlowMove {

    private static final Logger LOG = LoggerFactory.getLogger(FlowMove.class);

    /** One side of a move: a PM, its stateful element, and the channel to it. */
    public record Instance(FlowStates channel, String pm, String element) {

        Object call(String op, FlowFilter filter, Map<String, Object> more) throws Exception {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("pm", pm);
            request.put("op", op);
            request.put("element", element);
            request.put("filter", filter.toString());
            request.putAll(more);
            return channel.call(request);
        }

        @Override
        public String toString() {
            return pm + "/" + element;
        }
    }

    /**
     * What a move did: states moved, packets the old instance handed over and the new one held, how long packets
     * waited (microseconds), and how long each phase took (microseconds).
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

    public static Result run(Instance from, Instance to, FlowFilter filter, Rewire rewire, int quietMs)
            throws Exception {
        long start = System.nanoTime();
        to.call("freeze", filter, Map.of());
        try {
            from.call("freeze", filter, Map.of());
        } catch (Exception e) {
            release(to, filter);
            throw new AbortedException("cannot freeze %s at %s: %s".formatted(filter, from, e.getMessage()), e);
        }
        int states = -1;
        long copied;
        long rewired;
        try {
            Object exported = from.call("export", filter, Map.of());
            states = ((Number) to.call("import", filter, Map.of("states", exported))).intValue();
            copied = System.nanoTime();
            rewire.toNew();
            rewired = System.nanoTime();
        } catch (Exception e) {
            abort(from, to, filter, states >= 0 ? rewire : null);
            throw new AbortedException(
                    "moving %s from %s to %s failed, nothing moved: %s".formatted(filter, from, to, e.getMessage()), e);
        }
        // From here on the switch sends the flows to the new instance: the move can only go forward.
        Object packets = from.call("hand_over", filter, Map.of("quiet_ms", quietMs));
        long handedOver = System.nanoTime();
        @SuppressWarnings("unchecked")
        Map<String, Object> released = (Map<String, Object>) to.call("release", filter, Map.of("packets", packets));
        long end = System.nanoTime();
        Result result = new Result(
                states,
                count(packets),
                number(released, "processed"),
                number(released, "hold_us_p50"),
                number(released, "hold_us_p99"),
                number(released, "hold_us_max"),
                (copied - start) / 1000,
                (rewired - copied) / 1000,
                (handedOver - rewired) / 1000,
                (end - start) / 1000);
        LOG.info("moved {} from {} to {}: {}", filter, from, to, result);
        return result;
    }

    /** Undoes a move that has not handed over; {@code rewire} is null when nothing was imported (all or nothing). */
    private static void abort(Instance from, Instance to, FlowFilter filter, Rewire rewire) {
        if (rewire != null) {
            rewire.back();
            try {
                to.call("delete", filter, Map.of());
            } catch (Exception e) {
                LOG.warn("aborted move: cannot delete what {} imported: {}", to, e.getMessage());
            }
        }
        release(to, filter);
        release(from, filter);
    }

    private static void release(Instance instance, FlowFilter filter) {
        try {
            instance.call("release", filter, Map.of("packets", List.of()));
        } catch (Exception e) {
            LOG.warn("aborted move: cannot unfreeze {} at {}: {}", filter, instance, e.getMessage());
        }
    }

    private static int count(Object list) {
        return list instanceof Object[] array ? array.length : list instanceof List<?> l ? l.size() : 0;
    }

    private static int number(Map<String, Object> struct, String key) {
        return struct.get(key) instanceof Number n ? n.intValue() : 0;
    }
}
