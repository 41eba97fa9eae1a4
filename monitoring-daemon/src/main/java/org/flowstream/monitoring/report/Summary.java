package org.flowstream.monitoring.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowstream.monitoring.history.History;
import org.flowstream.monitoring.history.Rates;
import org.flowstream.monitoring.history.SourceRecord;
import org.flowstream.monitoring.sources.AllocationFlows;
import org.flowstream.monitoring.sources.HostSample;
import org.flowstream.monitoring.sources.OpenflowSample;
import org.flowstream.monitoring.sources.PmSample;
import org.flowstream.monitoring.sources.PortCounters;
import org.flowstream.monitoring.sources.SourceBook;
import org.flowstream.monitoring.sources.SwitchSample;

/**
 * What the resource daemon is told (report_stats) and operators see (get_summary): per host whether it is up
 * (answering our polls and, as list_hosts says, heartbeating to the resource daemon),
 * its load, and per PM its counters and recent rates; per allocation its switch counters and rates; per
 * switch its port totals. Rates come from the bounded history, so they smooth over a few polls.
 */
public final class Summary {

    private Summary() {}

    public static Map<String, Object> of(SourceBook book) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("from", "monitoring");
        summary.put("at", Instant.now().toString());
        List<Object> hosts = new ArrayList<>();
        List<String> down = new ArrayList<>();
        for (SourceRecord<HostSample> record : book.hosts()) {
            hosts.add(host(record, book.heartbeatsUp(record.name())));
            if (!record.health().up() || !book.heartbeatsUp(record.name())) {
                down.add(record.name());
            }
        }
        summary.put("hosts", hosts);
        summary.put("down_hosts", down);
        Optional<OpenflowSample> openflow = book.openflow().latest();
        summary.put("openflow", book.openflow().health().toStruct());
        summary.put(
                "allocations",
                openflow.map(o -> allocations(o, book.openflow().history())).orElse(List.of()));
        summary.put(
                "switches",
                openflow.map(o ->
                                o.switches().stream().map(Summary::switchTotals).toList())
                        .orElse(List.of()));
        return summary;
    }

    /** {@code up} is false when the host missed our polls or its heartbeats to the resource daemon. */
    private static Map<String, Object> host(SourceRecord<HostSample> record, boolean heartbeatsUp) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("name", record.name());
        h.put("url", record.url());
        h.putAll(record.health().toStruct());
        h.put("polls_up", record.health().up());
        h.put("heartbeats_up", heartbeatsUp);
        h.put("up", record.health().up() && heartbeatsUp);
        record.latest().ifPresent(sample -> {
            h.put("cpu_cores", sample.cpuCores());
            h.put("load_average_1m", sample.loadAverage1m());
            h.put("memory_total_mb", sample.memoryTotalMb());
            h.put("memory_available_mb", sample.memoryAvailableMb());
            List<Object> pms = new ArrayList<>();
            for (PmSample pm : sample.pms()) {
                pms.add(pm(pm, record.history()));
            }
            h.put("pms", pms);
        });
        return h;
    }

    private static Map<String, Object> pm(PmSample pm, History<HostSample> history) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", pm.name());
        p.put("state", pm.state());
        p.put("cpu_seconds", pm.cpuSeconds());
        p.put("memory_bytes", pm.memoryBytes());
        p.putAll(pm.total().toStruct());
        p.put(
                "rx_packets_per_second",
                Rates.perSecond(history, h -> pmTotal(h, pm.name()).rxPackets()));
        p.put(
                "tx_packets_per_second",
                Rates.perSecond(history, h -> pmTotal(h, pm.name()).txPackets()));
        p.put(
                "rx_bytes_per_second",
                Rates.perSecond(history, h -> pmTotal(h, pm.name()).rxBytes()));
        p.put(
                "tx_bytes_per_second",
                Rates.perSecond(history, h -> pmTotal(h, pm.name()).txBytes()));
        p.put(
                "cpu_per_second",
                Rates.perSecond(history, h -> (long)
                                (h.pm(pm.name()).map(PmSample::cpuSeconds).orElse(0.0) * 1000))
                        / 1000);
        return p;
    }

    private static PortCounters pmTotal(HostSample sample, String pm) {
        return sample.pm(pm).map(PmSample::total).orElse(PortCounters.ZERO);
    }

    private static List<Object> allocations(OpenflowSample latest, History<OpenflowSample> history) {
        List<Object> out = new ArrayList<>();
        for (AllocationFlows flows : latest.allocations().values()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("alloc_id", flows.allocId());
            a.put("packets", flows.packets());
            a.put("bytes", flows.bytes());
            a.put("packets_per_second", Rates.perSecond(history, o -> counter(o, flows.allocId(), true)));
            a.put("bytes_per_second", Rates.perSecond(history, o -> counter(o, flows.allocId(), false)));
            a.put("rules", flows.rules().size());
            out.add(a);
        }
        return out;
    }

    private static long counter(OpenflowSample sample, int allocId, boolean packets) {
        AllocationFlows flows = sample.allocations().get(allocId);
        return flows == null ? 0 : packets ? flows.packets() : flows.bytes();
    }

    private static Map<String, Object> switchTotals(SwitchSample sw) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", sw.name());
        s.put("ports", sw.ports().size());
        s.putAll(sw.ports().values().stream()
                .reduce(PortCounters.ZERO, PortCounters::plus)
                .toStruct());
        return s;
    }
}
