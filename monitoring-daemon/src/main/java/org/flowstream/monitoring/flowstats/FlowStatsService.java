package org.flowstream.monitoring.flowstats;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowstream.common.auth.Caller;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.records.modulehost.PortCounters;
import org.flowstream.contracts.records.monitoring.AllocationFlowStats;
import org.flowstream.contracts.records.monitoring.PmFlowStats;
import org.flowstream.contracts.records.monitoring.PmPortCounters;
import org.flowstream.contracts.records.resource.AllocationStatus;
import org.flowstream.contracts.records.resource.PlacedPm;
import org.flowstream.monitoring.history.SourceRecord;
import org.flowstream.monitoring.history.Timestamped;
import org.flowstream.monitoring.sources.AllocationFlows;
import org.flowstream.monitoring.sources.HostSample;
import org.flowstream.monitoring.sources.OpenflowSample;
import org.flowstream.monitoring.sources.PmSample;
import org.flowstream.monitoring.sources.Poller;
import org.flowstream.monitoring.sources.SourceBook;

/**
 * A tenant's on-demand flow statistics (§1 "Flow Statistics"): for one of its own allocations, the packets and
 * bytes per connection (the allocation's switch rules, asked of the openflow daemon now, or its last polled
 * counters when it does not answer in time) and per PM (each PM port's counters, from its module host's last
 * poll). Another tenant's allocation is answered exactly like one that does not exist.
 */
public final class FlowStatsService {

    private final AllocationOwner owners;
    private final Poller poller;
    private final SourceBook book;

    public FlowStatsService(org.flowstream.monitoring.sources.Peers peers, Poller poller, SourceBook book) {
        this.owners = new AllocationOwner(peers);
        this.poller = poller;
        this.book = book;
    }

    public ReturnValue flowStats(int allocId, Caller caller) {
        Optional<AllocationStatus> found;
        try {
            found = owners.find(allocId);
        } catch (AllocationOwner.LookupException e) {
            return ReturnValue.failure(e.getMessage());
        }
        if (found.isEmpty()
                || !(caller.seesEveryTenant() || found.get().tenant().equals(caller.name()))) {
            return ReturnValue.failure(
                    "no such allocation: %d; the resource daemon's list_allocations shows yours".formatted(allocId));
        }
        AllocationStatus allocation = found.get();
        Connections connections = connections(allocId);
        AllocationFlows flows = connections.flows();
        AllocationFlowStats stats = new AllocationFlowStats(
                allocId,
                allocation.tenant(),
                allocation.state(),
                flows.packets(),
                flows.bytes(),
                flows.rules(),
                connections.source(),
                flows.updatedAt(),
                allocation.pms().stream().map(this::pm).toList());
        return ReturnValue.success("statistics of allocation %d".formatted(allocId), stats);
    }

    /** The allocation's rule counters and where they come from. */
    private record Connections(AllocationFlows flows, String source) {}

    /** Asked of the openflow daemon now; when it does not answer, the last poll's (and the source says so). */
    private Connections connections(int allocId) {
        try {
            return new Connections(poller.flowsNow(allocId), "openflow daemon, now");
        } catch (RuntimeException e) {
            Optional<Timestamped<OpenflowSample>> polled =
                    book.openflow().history().latest();
            AllocationFlows last =
                    polled.map(t -> t.value().allocations().get(allocId)).orElse(null);
            if (last == null) {
                return new Connections(
                        new AllocationFlows(allocId, 0, 0, List.of(), ""), "unavailable: " + e.getMessage());
            }
            return new Connections(
                    last,
                    "last poll at %s (the openflow daemon did not answer now: %s)"
                            .formatted(Instant.ofEpochMilli(polled.get().atMillis()), e.getMessage()));
        }
    }

    /** A PM's port counters from its host's last poll; ports the host did not report read as zero. */
    private PmFlowStats pm(PlacedPm placed) {
        Optional<SourceRecord<HostSample>> host = book.knownHost(placed.host());
        Optional<Timestamped<HostSample>> latest = host.flatMap(h -> h.history().latest());
        Optional<PmSample> sample = latest.flatMap(t -> t.value().pm(placed.instance()));
        Map<String, PmPortCounters> ports = new LinkedHashMap<>();
        java.util.Set<String> names =
                new java.util.TreeSet<>(placed.switchPorts().keySet());
        sample.ifPresent(s -> names.addAll(s.ports().keySet()));
        PortCounters total = PortCounters.ZERO;
        for (String name : names) {
            PortCounters counters = sample.map(s -> s.ports().getOrDefault(name, PortCounters.ZERO))
                    .orElse(PortCounters.ZERO);
            total = total.plus(counters);
            ports.put(
                    name,
                    new PmPortCounters(
                            counters.rxPackets(),
                            counters.rxBytes(),
                            counters.txPackets(),
                            counters.txBytes(),
                            placed.switchPorts().get(name)));
        }
        return new PmFlowStats(
                placed.pm(),
                placed.host(),
                placed.instance(),
                host.map(h -> h.health().up()).orElse(false),
                latest.map(t -> Instant.ofEpochMilli(t.atMillis()).toString()).orElse(""),
                sample.map(PmSample::state).orElse("unknown"),
                ports,
                total.rxPackets(),
                total.rxBytes(),
                total.txPackets(),
                total.txBytes());
    }
}
