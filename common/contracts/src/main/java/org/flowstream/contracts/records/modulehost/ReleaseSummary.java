package org.flowstream.contracts.records.modulehost;

import java.util.List;
import org.flowstream.contracts.records.WireName;

/**
 * pm_flows release's answer: what the new instance (or an aborted move's old one) processed when it let its held
 * packets go.
 *
 * @param processed  packets processed from both holds (handed over and its own)
 * @param handedOver of those, the packets the request brought
 * @param holdUsP50  the median wait of a held packet, µs
 * @param holdUsP99  the 99th percentile wait, µs
 * @param holdUsMax  the longest wait, µs
 * @param holdUs     every packet's wait, sorted (a phased move adds up its batches' holds)
 */
@WireName("pm_flows release's answer")
public record ReleaseSummary(
        int processed, int handedOver, long holdUsP50, long holdUsP99, long holdUsMax, List<Long> holdUs) {}
