/**
 * What the monitoring daemon sends and answers: the platform summary it reports to the resource daemon
 * (report_stats, also get_summary) and a tenant's flow statistics (get_flow_stats, relayed by the resource
 * daemon).
 */
package org.flowstream.contracts.records.monitoring;
