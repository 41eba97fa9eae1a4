package org.flowstream.monitoring.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flowstream.contracts.records.modulehost.PortCounters;
import org.flowstream.contracts.records.monitoring.AllocationSummary;
import org.flowstream.contracts.records.monitoring.HostSummary;
import org.flowstream.contracts.records.monitoring.PlatformSummary;
import org.flowstream.contracts.records.monitoring.PmSummary;
import org.flowstream.contracts.records.monitoring.SourceStatus;
import org.flowstream.contracts.records.monitoring.SwitchTotals;
import org.flowstream.monitoring.history.History;
import org.flowstream.monitoring.history.Rates;
import org.flowstream.monitoring.history.SourceRecord;
import org.flowstream.monitoring.sources.AllocationFlows;
import org.flowstream.monitoring.sources.HostSample;
import org.flowstream.monitoring.sources.OpenflowSample;
import org.flowstream.monitoring.sources.PmSample;
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

    public static PlatformSummary of(SourceBook book) {
        List<HostSummary> hosts = new ArrayList<>();
        List<String> down = new ArrayList<>();
        for (SourceRecord<HostSample> record : book.hosts()) {
            HostSummary host = host(record, book.heartbeatsUp(record.name()));
            hosts.add(host);
            if (!host.up()) {
                down.add(record.name());
            }
        }
        Optional<OpenflowSample> openflow = book.openflow().latest();
        return new PlatformSummary(
                "monitoring",
                Instant.now().toString(),
                hosts,
                down,
                book.openflow().health().toRecord(),
                openflow.map(o -> allocations(o, book.openflow().history())).orElse(List.of()),
                openflow.map(o ->
                                o.switches().stream().map(Summary::switchTotals).toList())
                        .orElse(List.of()));
    }

    /** {@code up} is false when the host missed our polls or its heartbeats to the resource daemon. */
    private static HostSummary host(SourceRecord<HostSample> record, boolean heartbeatsUp) {
        SourceStatus health = record.health().toRecord();
        Optional<HostSample> sample = record.latest();
        return new HostSummary(
                record.name(),
                record.url(),
                health.up() && heartbeatsUp,
                health.consecutiveMisses(),
                health.totalMisses(),
                health.lastError(),
                health.lastAnswer(),
                health.up(),
                heartbeatsUp,
                sample.map(HostSample::cpuCores).orElse(null),
                sample.map(HostSample::loadAverage1m).orElse(null),
                sample.map(HostSample::memoryTotalMb).orElse(null),
                sample.map(HostSample::memoryAvailableMb).orElse(null),
                sample.map(h -> h.pms().stream()
                                .map(pm -> pm(pm, record.history()))
                                .toList())
                        .orElse(null));
    }

    private static PmSummary pm(PmSample pm, History<HostSample> history) {
        PortCounters total = pm.total();
        return new PmSummary(
                pm.name(),
                pm.state(),
                pm.cpuSeconds(),
                pm.memoryBytes(),
                total.rxPackets(),
                total.rxBytes(),
                total.txPackets(),
                total.txBytes(),
                Rates.perSecond(history, h -> pmTotal(h, pm.name()).rxPackets()),
                Rates.perSecond(history, h -> pmTotal(h, pm.name()).txPackets()),
                Rates.perSecond(history, h -> pmTotal(h, pm.name()).rxBytes()),
                Rates.perSecond(history, h -> pmTotal(h, pm.name()).txBytes()),
                Rates.perSecond(history, h -> (long)
                                (h.pm(pm.name()).map(PmSample::cpuSeconds).orElse(0.0) * 1000))
                        / 1000);
    }

    private static PortCounters pmTotal(HostSample sample, String pm) {
        return sample.pm(pm).map(PmSample::total).orElse(PortCounters.ZERO);
    }

    private static List<AllocationSummary> allocations(OpenflowSample latest, History<OpenflowSample> history) {
        List<AllocationSummary> out = new ArrayList<>();
        for (AllocationFlows flows : latest.allocations().values()) {
            out.add(new AllocationSummary(
                    flows.allocId(),
                    flows.packets(),
                    flows.bytes(),
                    Rates.perSecond(history, o -> counter(o, flows.allocId(), true)),
                    Rates.perSecond(history, o -> counter(o, flows.allocId(), false)),
                    flows.rules().size()));
        }
        return out;
    }

    private static long counter(OpenflowSample sample, int allocId, boolean packets) {
        AllocationFlows flows = sample.allocations().get(allocId);
        return flows == null ? 0 : packets ? flows.packets() : flows.bytes();
    }

    private static SwitchTotals switchTotals(SwitchSample sw) {
        PortCounters total = sw.ports().values().stream().reduce(PortCounters.ZERO, PortCounters::plus);
        return new SwitchTotals(
                sw.name(), sw.ports().size(), total.rxPackets(), total.rxBytes(), total.txPackets(), total.txBytes());
    }
}
