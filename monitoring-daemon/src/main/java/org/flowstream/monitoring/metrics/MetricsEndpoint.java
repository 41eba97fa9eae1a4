package org.flowstream.monitoring.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.flowstream.monitoring.sources.SourceBook;

/**
 * The operators' Prometheus endpoint (GET /metrics, text format), served by the Prometheus client's own HTTP
 * server from a registry of this daemon's (not the global default, so two daemons in one JVM do not mix).
 */
public final class MetricsEndpoint implements AutoCloseable {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final RequestMetrics requests;
    private HTTPServer server;
    private ExecutorService threads;
    private String host = "127.0.0.1";

    public MetricsEndpoint(SourceBook book) {
        this.requests = new RequestMetrics(registry);
        new PlatformMetrics(registry, book);
    }

    public RequestMetrics requests() {
        return requests;
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** Starts serving on {@code bind:port} (port 0: any free one). */
    public void start(String bind, int port) throws IOException {
        threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "monitoring-metrics");
            t.setDaemon(true);
            return t;
        });
        host = bind;
        try {
            server = HTTPServer.builder()
                    .hostname(bind)
                    .port(port)
                    .registry(registry)
                    .executorService(threads)
                    .buildAndStart();
        } catch (IOException e) {
            threads.shutdownNow();
            throw new IOException(
                    "cannot serve metrics on %s:%d (%s); set settings.metricsPort to a free port, 0 (any) or -1 (off)"
                            .formatted(bind, port, e.getMessage()),
                    e);
        }
    }

    public boolean serving() {
        return server != null;
    }

    public int port() {
        return server == null ? -1 : server.getPort();
    }

    /** Where operators (and Prometheus) scrape, or null when the endpoint is off. */
    public URI url() {
        if (server == null) {
            return null;
        }
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://%s:%d/metrics".formatted(h, port()));
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
            server = null;
        }
        if (threads != null) {
            threads.shutdownNow();
        }
    }
}
