package org.flowstream.monitoring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.flowstream.common.auth.AccessPolicy;
import org.flowstream.common.auth.Caller;
import org.flowstream.common.config.ConfigLoader;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.daemon.Daemon;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.monitoring.PlatformSummary;
import org.flowstream.monitoring.flowstats.FlowStatsService;
import org.flowstream.monitoring.history.SourceHealth;
import org.flowstream.monitoring.metrics.MetricsEndpoint;
import org.flowstream.monitoring.report.ResourceReporter;
import org.flowstream.monitoring.report.Summary;
import org.flowstream.monitoring.sources.Peers;
import org.flowstream.monitoring.sources.Poller;
import org.flowstream.monitoring.sources.SourceBook;

/**
 * The monitoring daemon (§3.1): polls the module hosts (and through them their PMs) and the openflow daemon,
 * keeps a bounded recent history per source, pushes summaries to the resource daemon, answers tenants' flow
 * statistics and serves operators a Prometheus endpoint. Its XML-RPC methods are the commands in
 * tasks/monitoring/; this class owns what they share.
 */
public class MonitoringDaemon extends Daemon {

    private final MonitoringSettings settings;
    private SourceBook book;
    private Peers peers;
    private Poller poller;
    private ResourceReporter reporter;
    private FlowStatsService flowStats;
    private MetricsEndpoint metrics;
    private ExecutorService pollThreads;
    private PeriodicTasks periodic;
    private PeriodicTasks.Job hostPoll;
    private PeriodicTasks.Job openflowPoll;
    private PeriodicTasks.Job report;

    public MonitoringDaemon(DaemonConfig config) {
        super("monitoring", config);
        this.settings = ConfigLoader.settings(config, MonitoringSettings.class);
        settings.check();
    }

    /**
     * Tenants may call the methods declared for them (get_flow_stats, which checks the owner with the resource
     * daemon); everything else here is for the platform's daemons and operators.
     */
    @Override
    public AccessPolicy accessPolicy() {
        return AccessPolicy.frontDoor(name());
    }

    @Override
    protected void onStart() throws Exception {
        book = new SourceBook(settings.historySize, settings.missesBeforeDown);
        metrics = new MetricsEndpoint(book);
        peers = new Peers(config().peers, settings.pollTimeoutMillis, metrics.requests());
        // One virtual thread per source poll: a thousand hosts cost a thousand cheap threads, and a dead one holds only
        // its own.
        pollThreads = Executors.newVirtualThreadPerTaskExecutor();
        reporter = new ResourceReporter(peers, book, settings.reportCommand);
        poller = new Poller(peers, book, pollThreads, settings.pollTimeoutMillis, this::hostChanged);
        flowStats = new FlowStatsService(peers, poller, book);
        if (settings.metricsPort >= 0) {
            metrics.start(settings.metricsBind, settings.metricsPort);
        }
        periodic = new PeriodicTasks(scheduler(), systemContext());
        hostPoll = periodic.every("poll module hosts", settings.hostPollMillis, poller::pollHosts);
        openflowPoll = periodic.every("poll openflow daemon", settings.openflowPollMillis, poller::pollOpenflow);
        report = periodic.every("report to resource daemon", settings.reportMillis, reporter::report);
    }

    /** A host that went down or came back is told to the resource daemon at once, not at the next report. */
    private void hostChanged(Poller.HostChange change) {
        if (change.change() != SourceHealth.Change.NONE && report != null) {
            report.queue();
        }
    }

    @Override
    protected void onStop() {
        if (periodic != null) {
            periodic.close();
        }
        if (pollThreads != null) {
            pollThreads.shutdownNow();
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    /** Times every request served, for the metrics endpoint; unknown method names count as "other". */
    @Override
    public Object call(String method, List<Object> params, Caller caller) {
        long start = System.nanoTime();
        Object answer = super.call(method, params, caller);
        if (metrics != null) {
            String outcome = answer instanceof Map<?, ?> m && m.get("code") instanceof Integer code
                    ? code == 0 ? "success" : code < 0 ? "not_ready" : "failure"
                    : "success";
            String label = methodNames().contains(method) ? method : "other";
            metrics.requests().served(label, outcome, (System.nanoTime() - start) / 1e9);
        }
        return answer;
    }

    // ---- what the commands in tasks/monitoring/ use ----

    public MonitoringSettings settings() {
        return settings;
    }

    public SourceBook sources() {
        return book;
    }

    public FlowStatsService flowStats() {
        return flowStats;
    }

    public ResourceReporter reporter() {
        return reporter;
    }

    public MetricsEndpoint metrics() {
        return metrics;
    }

    /** The summary the resource daemon is sent, as of now. */
    public PlatformSummary summary() {
        return Summary.of(book);
    }

    /** Queues a host poll, an openflow poll and a report now (normal priority); answers which were queued. */
    public Map<String, Object> pollNow() {
        Map<String, Object> queued = new LinkedHashMap<>();
        queued.put("hosts", hostPoll.queue());
        queued.put("openflow", openflowPoll.queue());
        queued.put("report", report.queue());
        return queued;
    }

    /** Every source with its health and how many samples its history holds. */
    public List<Object> sourceList() {
        return book.all().stream()
                .map(r -> {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("source", r.id());
                    s.put("kind", r.kind());
                    s.put("url", r.url());
                    s.putAll(Structs.toStruct(r.health().toRecord()));
                    s.put("samples", r.history().size());
                    s.put("history_size", r.history().capacity());
                    return (Object) s;
                })
                .toList();
    }

    /** A source's recent samples, oldest first, as [{at, sample}]; empty when there is no such source. */
    public java.util.Optional<List<Object>> history(String sourceId) {
        return book.byId(sourceId)
                .map(record -> record.history().all().stream()
                        .map(t -> {
                            Map<String, Object> entry = new LinkedHashMap<>();
                            entry.put(
                                    "at",
                                    java.time.Instant.ofEpochMilli(t.atMillis()).toString());
                            entry.put(
                                    "sample",
                                    t.value() instanceof org.flowstream.monitoring.sources.Sample sample
                                            ? sample.toStruct()
                                            : Map.of());
                            return (Object) entry;
                        })
                        .toList());
    }

    /** metrics_url, the settings that matter to an operator, and how the last report went. */
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("metrics_url", metrics.url() == null ? "" : metrics.url().toString());
        s.put("host_poll_ms", (double) settings.hostPollMillis);
        s.put("openflow_poll_ms", (double) settings.openflowPollMillis);
        s.put("poll_timeout_ms", (double) settings.pollTimeoutMillis);
        s.put("misses_before_down", settings.missesBeforeDown);
        s.put("history_size", settings.historySize);
        s.put("last_report", reporter.last());
        return s;
    }
}
