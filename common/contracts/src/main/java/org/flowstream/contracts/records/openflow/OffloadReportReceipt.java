package org.flowstream.contracts.records.openflow;

import org.flowstream.contracts.records.WireName;

/**
 * tfo_report's answer: the software path's counts were added to the offload's current round.
 *
 * @param prefixes       how many prefixes the report counted
 * @param reportsPending reports received in this round so far, this one included
 */
@WireName("tfo_report's answer")
public record OffloadReportReceipt(long offloadId, int prefixes, int reportsPending) {}
