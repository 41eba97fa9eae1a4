package org.flowstream.contracts.records.openflow;

import org.flowstream.contracts.records.WireName;

/**
 * lb_report_load's answer to a module host: its report was added to the balancer's current period.
 *
 * @param prefixes       how many prefixes the report counted
 * @param reportsPending reports received in this period so far, this one included
 */
@WireName("lb_report_load's answer")
public record LoadReportReceipt(long balancerId, int prefixes, int reportsPending) {}
