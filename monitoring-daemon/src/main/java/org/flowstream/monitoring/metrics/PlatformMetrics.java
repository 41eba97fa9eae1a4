package org.flowstream.monitoring.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.flowstream.contracts.records.modulehost.PortCounters;
import org.flowstream.contracts.records.monitoring.ConnectionCounters;
import org.flowstream.monitoring.history.SourceRecord;
import org.flowstream.monitoring.sources.AllocationFlows;
import org.flowstream.monitoring.sources.HostSample;
import org.flowstream.monitoring.sources.OpenflowSample;
import org.flowstream.monitoring.sources.PmSample;
import org.flowstream.monitoring.sources.SourceBook;
import org.flowstream.monitoring.sources.SwitchSample;

/**
 * The platform as last polled, read at scrape time from the sources' latest samples (callback metrics, so a
 * PM or rule that is gone leaves no stale series behind): per-host CPU and memory, per-PM CPU, memory,
 * packets and bytes, per-rule and per-allocation switch counters, per-switch-port counters, source health.
 */
public final class PlatformMetrics {

    private final SourceBook book;

    public PlatformMetrics(PrometheusRegistry registry, SourceBook book) {
        this.book = book;
        gauge(
                registry,
                "flowstream_source_up",
                "1 when the source answered its recent polls, 0 once it missed too many",
                List.of("kind", "source"),
                out -> book.all()
                        .forEach(r -> out.accept(
                                List.of(r.kind(), r.name()), r.health().up() ? 1 : 0)));
        gauge(
                registry,
                "flowstream_source_consecutive_misses",
                "Polls the source missed in a row",
                List.of("kind", "source"),
                out -> book.all()
                        .forEach(r -> out.accept(
                                List.of(r.kind(), r.name()), r.health().misses())));

        hostGauge(
                registry, "flowstream_host_cpu_cores", "CPU cores the module host offers to PMs", HostSample::cpuCores);
        hostGauge(
                registry,
                "flowstream_host_load_average_1m",
                "The module host's one-minute load average",
                HostSample::loadAverage1m);
        hostGauge(
                registry,
                "flowstream_host_memory_total_bytes",
                "Memory the module host offers to PMs",
                h -> h.memoryTotalMb() * 1024.0 * 1024);
        hostGauge(
                registry,
                "flowstream_host_memory_available_bytes",
                "Memory available on the module host",
                h -> h.memoryAvailableMb() * 1024.0 * 1024);

        counter(
                registry,
                "flowstream_pm_cpu_seconds",
                "CPU time a PM used",
                List.of("host", "pm"),
                out -> eachPm((host, pm) -> out.accept(List.of(host, pm.name()), pm.cpuSeconds())));
        gauge(
                registry,
                "flowstream_pm_memory_bytes",
                "Memory a PM uses",
                List.of("host", "pm"),
                out -> eachPm((host, pm) -> out.accept(List.of(host, pm.name()), pm.memoryBytes())));
        counter(
                registry,
                "flowstream_pm_packets",
                "Packets through a PM's port, rx (into the PM) or tx (out of it)",
                List.of("host", "pm", "port", "direction"),
                out -> eachPm((host, pm) -> pm.ports().forEach((port, c) -> {
                    out.accept(List.of(host, pm.name(), port, "rx"), c.rxPackets());
                    out.accept(List.of(host, pm.name(), port, "tx"), c.txPackets());
                })));
        counter(
                registry,
                "flowstream_pm_bytes",
                "Bytes through a PM's port, rx (into the PM) or tx (out of it)",
                List.of("host", "pm", "port", "direction"),
                out -> eachPm((host, pm) -> pm.ports().forEach((port, c) -> {
                    out.accept(List.of(host, pm.name(), port, "rx"), c.rxBytes());
                    out.accept(List.of(host, pm.name(), port, "tx"), c.txBytes());
                })));

        List<String> ruleLabels = List.of("switch", "alloc_id", "cookie", "table", "priority", "match");
        counter(
                registry,
                "flowstream_rule_packets",
                "Packets that matched a switch rule of an allocation",
                ruleLabels,
                out -> eachRule((flows, r) -> out.accept(ruleLabels(flows, r), r.packets())));
        counter(
                registry,
                "flowstream_rule_bytes",
                "Bytes that matched a switch rule of an allocation",
                ruleLabels,
                out -> eachRule((flows, r) -> out.accept(ruleLabels(flows, r), r.bytes())));
        counter(
                registry,
                "flowstream_allocation_packets",
                "Packets that entered an allocation (its entry rules)",
                List.of("alloc_id"),
                out -> openflow(o -> o.allocations()
                        .values()
                        .forEach(a -> out.accept(List.of(String.valueOf(a.allocId())), a.packets()))));
        counter(
                registry,
                "flowstream_allocation_bytes",
                "Bytes that entered an allocation (its entry rules)",
                List.of("alloc_id"),
                out -> openflow(o -> o.allocations()
                        .values()
                        .forEach(a -> out.accept(List.of(String.valueOf(a.allocId())), a.bytes()))));
        counter(
                registry,
                "flowstream_switch_port_packets",
                "Packets through a switch port",
                List.of("switch", "port", "direction"),
                out -> eachSwitchPort((sw, port, c) -> {
                    out.accept(List.of(sw, port, "rx"), c.rxPackets());
                    out.accept(List.of(sw, port, "tx"), c.txPackets());
                }));
        counter(
                registry,
                "flowstream_switch_port_bytes",
                "Bytes through a switch port",
                List.of("switch", "port", "direction"),
                out -> eachSwitchPort((sw, port, c) -> {
                    out.accept(List.of(sw, port, "rx"), c.rxBytes());
                    out.accept(List.of(sw, port, "tx"), c.txBytes());
                }));
    }

    /** Collects one scrape's series; the same label values twice are added up, as a registry refuses duplicates. */
    @FunctionalInterface
    private interface Series {
        void accept(List<String> labels, double value);
    }

    private static Map<List<String>, Double> collect(Consumer<Series> source) {
        Map<List<String>, Double> series = new LinkedHashMap<>();
        source.accept((labels, value) -> series.merge(labels, value, Double::sum));
        return series;
    }

    private static void gauge(
            PrometheusRegistry registry, String name, String help, List<String> labels, Consumer<Series> source) {
        GaugeWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames(labels.toArray(String[]::new))
                .callback(cb -> collect(source).forEach((l, v) -> cb.call(v, l.toArray(String[]::new))))
                .register(registry);
    }

    private static void counter(
            PrometheusRegistry registry, String name, String help, List<String> labels, Consumer<Series> source) {
        CounterWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames(labels.toArray(String[]::new))
                .callback(cb -> collect(source).forEach((l, v) -> cb.call(v, l.toArray(String[]::new))))
                .register(registry);
    }

    private void hostGauge(
            PrometheusRegistry registry,
            String name,
            String help,
            java.util.function.ToDoubleFunction<HostSample> figure) {
        gauge(registry, name, help, List.of("host"), out -> {
            for (SourceRecord<HostSample> host : book.hosts()) {
                host.latest().ifPresent(s -> out.accept(List.of(host.name()), figure.applyAsDouble(s)));
            }
        });
    }

    private void eachPm(BiConsumer<String, PmSample> action) {
        for (SourceRecord<HostSample> host : book.hosts()) {
            host.latest().ifPresent(s -> s.pms().forEach(pm -> action.accept(host.name(), pm)));
        }
    }

    private void openflow(Consumer<OpenflowSample> action) {
        book.openflow().latest().ifPresent(action);
    }

    private void eachRule(BiConsumer<AllocationFlows, ConnectionCounters> action) {
        openflow(o -> o.allocations().values().forEach(a -> a.rules().forEach(r -> action.accept(a, r))));
    }

    private static List<String> ruleLabels(AllocationFlows flows, ConnectionCounters r) {
        return List.of(
                r.switchName(),
                String.valueOf(flows.allocId()),
                r.cookie(),
                String.valueOf(r.table()),
                String.valueOf(r.priority()),
                r.match());
    }

    @FunctionalInterface
    private interface PortAction {
        void accept(String switchName, String port, PortCounters counters);
    }

    private void eachSwitchPort(PortAction action) {
        openflow(o -> {
            for (SwitchSample sw : o.switches()) {
                sw.ports().forEach((port, c) -> action.accept(sw.name(), port, c));
            }
        });
    }
}
