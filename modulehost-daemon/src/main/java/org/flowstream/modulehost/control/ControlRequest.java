package org.flowstream.modulehost.control;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.flowstream.contracts.records.modulehost.HandedOverPacket;
import org.flowstream.contracts.records.modulehost.PmFlowState;

/**
 * One request on a PM's control channel. {@code op} is one of:
 *
 * <ul>
 *   <li>{@code elements}: the names of the PM's stateful elements;
 *   <li>{@code export} (element, filter): the states the filter selects, as copies;
 *   <li>{@code import} (element, states): adds them, all or nothing;
 *   <li>{@code delete} (element, filter): forgets them;
 *   <li>{@code count} (element, filter): how many flows it selects;
 *   <li>{@code take} (element, filter): exports and forgets them in one step;
 *   <li>{@code reserve} (element, states): keeps what the states hold (a NAT's external ports) from new flows here,
 *       replacing the last reservation; an empty list ends it;
 *   <li>{@code daisy} (element, filter): the idle phase: a packet of the filter that finds no state goes on to the
 *       new instance through the gate's daisy-chain link; {@code end_daisy} stops that (freeze stops it too);
 *   <li>{@code accept_daisy} (element, filter): the new instance's side of the idle phase between two PMs: take the
 *       filter's packets the old PM daisy-chains over the switch; {@code end_daisy} and {@code hand_over} end it;
 *   <li>{@code global} (element): the state of no single flow, and the gate's counters;
 *   <li>{@code freeze} (element, filter): hold the filter's packets from now on;
 *   <li>{@code hand_over} (element, filter, quiet_ms): once no packet of the filter has arrived for quiet_ms, give
 *       up its held packets and its state, and unfreeze it (the old instance's last step of a move);
 *   <li>{@code await} (element, filter): hold the filter's packets of flows without state here (their state is
 *       being taken from the old instance); flows this instance serves go on;
 *   <li>{@code release} (element, filter, packets, states): import the states if any (a refusal releases
 *       nothing), process the handed-over packets, then the held ones, and unfreeze (the new instance's last step,
 *       or an aborted move's).
 * </ul>
 *
 * The filter is {@link org.flowstream.modulehost.state.FlowFilter}'s text form ("" for every flow). This is
 * pm_flows' request ({@code PmFlowsRequest}) without {@code pm}, which the module host keeps; states and packets are
 * the contract records themselves.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ControlRequest(
        String op,
        String element,
        String filter,
        List<PmFlowState> states,
        List<HandedOverPacket> packets,
        int quietMs) {}
