package org.flowstream.modulehost.state;

import java.util.List;
import java.util.Map;
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

    /** The states of the flows the filter selects, as copies; the element keeps them. */
    List<FlowState> exportFlows(FlowFilter filter);

    /**
     * Adds states another instance exported. All or nothing: a state that conflicts with one this element has
     * (the same external port taken by another flow, an address outside its pool) is an IllegalArgumentException
     * saying which, and nothing is imported.
     */
    void importFlows(List<FlowState> states);

    /** Forgets the states of the flows the filter selects (and gives back what they held); how many. */
    int deleteFlows(FlowFilter filter);

    /** The state that belongs to no single flow (a NAT's port pools), for inspection. */
    Map<String, Object> globalState();
}
