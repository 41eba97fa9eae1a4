package org.flowstream.monitoring;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The monitoring daemon's own options (the "settings" section of its configuration). The peers it calls are
 * the configuration's {@code peers}: "resource" (list_hosts, list_allocations, get_allocation, report_stats,
 * with operator credentials), "openflow" (get_flow_stats, list_switches, get_port_stats) and optionally
 * "modulehost", whose user and password are used for every module host (their URLs come from list_hosts).
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public class MonitoringSettings {

    /** How often every registered module host (and through it its PMs) is polled. */
    public long hostPollMillis = 5_000;
    /** How often the openflow daemon is polled for rule and port counters. */
    public long openflowPollMillis = 5_000;
    /** The longest one poll of one source may take; a source that does not answer in time missed that poll. */
    public long pollTimeoutMillis = 2_000;
    /** Consecutive missed polls after which a module host is reported down. */
    public int missesBeforeDown = 3;
    /** Samples kept per source (the bounded recent history). */
    public int historySize = 60;
    /** How often the summary is pushed to the resource daemon (also pushed at once when a host goes down or comes back). */
    public long reportMillis = 10_000;
    /** The resource daemon's command that takes the summary. */
    public String reportCommand = "report_stats";
    /** Address of the Prometheus endpoint; loopback unless an operator decides otherwise. */
    public String metricsBind = "127.0.0.1";
    /** Port of the Prometheus endpoint (GET /metrics); 0 picks a free one (tests); -1 turns it off. */
    public int metricsPort = 9464;

    /** Refuses settings that cannot work, with what to change. */
    public void check() {
        if (hostPollMillis < 10 || openflowPollMillis < 10 || reportMillis < 10) {
            throw new IllegalArgumentException(
                    "settings.hostPollMillis, openflowPollMillis and reportMillis must be at least 10 ms");
        }
        if (pollTimeoutMillis < 1) {
            throw new IllegalArgumentException("settings.pollTimeoutMillis must be positive");
        }
        if (missesBeforeDown < 1) {
            throw new IllegalArgumentException("settings.missesBeforeDown must be at least 1");
        }
        if (historySize < 2) {
            throw new IllegalArgumentException("settings.historySize must be at least 2 (rates need two samples)");
        }
        if (metricsPort < -1 || metricsPort > 65_535) {
            throw new IllegalArgumentException(
                    "settings.metricsPort must be a port number, 0 (any free port) or -1 (off)");
        }
    }
}
