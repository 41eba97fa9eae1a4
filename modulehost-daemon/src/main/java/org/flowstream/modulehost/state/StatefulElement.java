package org.flowstream.modulehost.state;

import java.util.List;
import java.util.Map;
import org.flowstream.contracts.records.modulehost.PmFlowState;
import org.flowstream.modulehost.runtime.Packet;

/**
 * An element whose per-flow state can be moved to another instance of it (§2.3): the PM's control channel finds
 * these among its elements by this interface. Every method may be called while packets flow; an element makes
 * each one atomic against its own packet processing (its {@link FlowGate} does that).
 */
public interface StatefulElement {

    /** The gate every packet of this element passes: freezing, holding and handing over packets happen there. */
    FlowGate gate();

    /**
     * The flow a packet arriving on input {@code port} belongs to, or null if it touches no per-flow state (a
     * packet the element passes through or drops without looking anything up).
     */
    FlowKey flowOf(int port, Packet packet);

    /** Whether this element keeps state for the flow (a daisy-chained packet without state goes onward). */
    boolean hasState(FlowKey key);

    /** How many flows the filter selects (the idle phase watches this number fall). */
    int countFlows(FlowFilter filter);

    /** The states of the flows the filter selects, as copies; the element keeps them. */
    List<PmFlowState> exportFlows(FlowFilter filter);

    /**
     * Adds states another instance exported. All or nothing: a state that conflicts with one this element has
     * (the same external port taken by another flow, an address outside its pool) is an IllegalArgumentException
     * saying which, and nothing is imported. A state this element already has, the same in all but its idle time,
     * only refreshes that time (copy-and-refresh) if {@link #stateChangesOnlyByExpiry()}.
     */
    void importFlows(List<PmFlowState> states);

    /** Forgets the states of the flows the filter selects (and gives back what they held); how many. */
    int deleteFlows(FlowFilter filter);

    /**
     * Exports and forgets the filter's states in one step: no packet is processed with them in between, so the
     * copy is exact; the filter's later packets find no state here (daisy-chained, they go on to the new instance).
     */
    default List<PmFlowState> takeFlows(FlowFilter filter) {
        return gate().exclusively(() -> {
            List<PmFlowState> states = exportFlows(filter);
            deleteFlows(filter);
            return states;
        });
    }

    /**
     * Keeps the global resources these states hold elsewhere from new flows here (a NAT's external ports, so the
     * new instance of a move gives a new flow no port the old one still uses); replaces the last reservation, and
     * an empty list ends it. Elements without global resources ignore it.
     */
    default void reserveFlows(List<PmFlowState> states) {}

    /**
     * Whether a flow's state changes only by expiring (a NAT mapping; not a TCP tracker's phase): such states may
     * be copied while their flows run and refreshed afterwards (§2.3.3's relaxed timers).
     */
    default boolean stateChangesOnlyByExpiry() {
        return false;
    }

    /** The state that belongs to no single flow (a NAT's port pools), for inspection. */
    Map<String, Object> globalState();
}
