package org.flowstream.monitoring.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.flowstream.monitoring.sources.CallObserver;

/**
 * Request rates and latencies: the calls this daemon makes to the others (its polls, per daemon and method)
 * and the calls it serves (per method). Rates are Prometheus' rate() over the counters.
 */
public final class RequestMetrics implements CallObserver {

    private static final double[] LATENCY_BOUNDS = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
    };

    private final Counter peerRequests;
    private final Histogram peerLatency;
    private final Counter servedRequests;
    private final Histogram servedLatency;

    public RequestMetrics(PrometheusRegistry registry) {
        peerRequests = Counter.builder()
                .name("flowstream_peer_requests")
                .help(
                        "XML-RPC calls the monitoring daemon made to other daemons, by outcome (success, failure, not_ready, unreachable)")
                .labelNames("daemon", "method", "outcome")
                .register(registry);
        peerLatency = Histogram.builder()
                .name("flowstream_peer_request_duration_seconds")
                .help("Time the other daemons took to answer the monitoring daemon's calls")
                .labelNames("daemon", "method")
                .classicOnly()
                .classicUpperBounds(LATENCY_BOUNDS)
                .register(registry);
        servedRequests = Counter.builder()
                .name("flowstream_requests")
                .help("XML-RPC requests the monitoring daemon served, by method and outcome")
                .labelNames("method", "outcome")
                .register(registry);
        servedLatency = Histogram.builder()
                .name("flowstream_request_duration_seconds")
                .help("Time the monitoring daemon took to answer its XML-RPC requests")
                .labelNames("method")
                .classicOnly()
                .classicUpperBounds(LATENCY_BOUNDS)
                .register(registry);
    }

    @Override
    public void observe(String daemon, String method, String outcome, double seconds) {
        peerRequests.labelValues(daemon, method, outcome).inc();
        peerLatency.labelValues(daemon, method).observe(seconds);
    }

    public void served(String method, String outcome, double seconds) {
        servedRequests.labelValues(method, outcome).inc();
        servedLatency.labelValues(method).observe(seconds);
    }
}
