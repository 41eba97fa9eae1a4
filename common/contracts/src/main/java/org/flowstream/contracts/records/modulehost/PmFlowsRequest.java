package org.flowstream.contracts.records.modulehost;

import java.util.List;
import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.WireName;

/**
 * pm_flows(request): one request on a running PM's control channel (docs/migration.md), sent by whoever drives a
 * move (the resource daemon's migrate_flows, a module host's own move) to the module host that runs the PM. The
 * module host hands it to the PM without {@code pm}; the answer depends on {@code op}: the stateful elements'
 * names ({@code elements}), a list of {@link PmFlowState} ({@code export}, {@code take}), a count ({@code import},
 * {@code reserve}, {@code count}, {@code delete}), a list of {@link HandedOverPacket} ({@code hand_over}), a
 * {@link ReleaseSummary} ({@code release}), an {@link ElementGlobalState} ({@code global}), or the gate's
 * {@link GateCounters} ({@code freeze}, {@code await}, {@code daisy}, {@code accept_daisy}, {@code end_daisy}).
 *
 * @param pm      the PM's instance name on the host
 * @param op      elements, export, import, delete, count, take, reserve, global, daisy, accept_daisy, end_daisy,
 *                freeze, await, hand_over or release
 * @param element the stateful element the op acts on (every op but elements)
 * @param filter  which flows, in the flow filter's text form ("" or absent: every flow)
 * @param states  the states to import, reserve or release with
 * @param packets the held packets to release (an old instance's hand_over answer)
 * @param quietMs hand_over: how long the filter's traffic must have been quiet before the old instance gives up
 */
@WireName("pm_flows' request")
public record PmFlowsRequest(
        String pm,
        String op,
        @MayBeOmitted String element,
        @MayBeOmitted String filter,
        @MayBeOmitted List<PmFlowState> states,
        @MayBeOmitted List<HandedOverPacket> packets,
        @MayBeOmitted Integer quietMs) {

    /**
     * The PM's answer to this request read through its record ({@link Structs}, strictly: a key renamed on the PM's
     * side is refused in words): a list of flow states, of handed-over packets, a release summary, an element's
     * global state, the gate's counters, or, for the ops whose answer is a name list or a count, the value as it
     * came.
     */
    public Object readAnswer(Object value) {
        return switch (op) {
            case "export", "take" -> Structs.fromArray(value, PmFlowState.class);
            case "hand_over" -> Structs.fromArray(value, HandedOverPacket.class);
            case "release" -> Structs.fromStruct(value, ReleaseSummary.class);
            case "global" -> Structs.fromStruct(value, ElementGlobalState.class);
            case "freeze", "await", "daisy", "accept_daisy", "end_daisy" ->
                Structs.fromStruct(value, GateCounters.class);
            default -> value;
        };
    }
}
