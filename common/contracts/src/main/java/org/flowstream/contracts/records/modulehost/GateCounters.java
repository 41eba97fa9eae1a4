package org.flowstream.contracts.records.modulehost;

import java.util.List;
import org.flowstream.contracts.records.WireName;

/**
 * A stateful element's flow gate as pm_flows answers freeze, await, daisy, accept_daisy and end_daisy (and inside
 * global's answer): the filters it holds, daisy-chains, accepts daisy-chained packets for or awaits state for, in
 * the flow filter's text form, and its packet counters.
 *
 * @param frozen         filters whose packets are held
 * @param daisyChained   filters whose packets without state go on to the new instance (the idle phase)
 * @param daisyForwarded packets sent on through the daisy link
 * @param daisyAccepting filters whose daisy-chained packets this (new) instance takes
 * @param daisyReceived  daisy-chained packets taken
 * @param daisyRefused   daisy-chained frames dropped because no move asked for them
 * @param daisyAcknowledgementsSent daisy-chained packets this (new) instance processed and acknowledged to the old
 * @param daisyUnacknowledged copies the (old) instance keeps of packets it daisy-chained, not yet acknowledged
 * @param daisyAcknowledged daisy-chained packets the other instance acknowledged
 * @param daisyReplayed  unacknowledged daisy-chained packets this instance processed itself (an aborted move)
 * @param daisyCopiesDropped copies of daisy-chained packets dropped because the copies were full
 * @param awaitingState  filters whose packets of flows without state here are held (a batch on its way)
 * @param held           packets held now
 * @param heldTotal      packets ever held
 * @param holdOverflow   packets dropped because the hold was full
 */
@WireName("a flow gate's counters")
public record GateCounters(
        List<String> frozen,
        List<String> daisyChained,
        long daisyForwarded,
        List<String> daisyAccepting,
        long daisyReceived,
        long daisyRefused,
        long daisyAcknowledgementsSent,
        int daisyUnacknowledged,
        long daisyAcknowledged,
        long daisyReplayed,
        long daisyCopiesDropped,
        List<String> awaitingState,
        int held,
        long heldTotal,
        long holdOverflow) {}
