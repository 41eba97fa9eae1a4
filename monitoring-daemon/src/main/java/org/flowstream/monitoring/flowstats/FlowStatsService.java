package org.flowstream.monitoring.flowstats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowstream.common.auth.Caller;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.monitoring.history.SourceRecord;
import org.flowstream.monitoring.history.Timestamped;
import org.flowstream.monitoring.sources.AllocationFlows;
import org.flowstream.monitoring.sources.HostSample;
import org.flowstream.monitoring.sources.OpenflowSample;
import org.flowstream.monitoring.sources.PmSample;
import org.flowstream.monitoring.sources.Poller;
import org.flowstream.monitoring.sources.PortCounters;
import org.flowstream.monitoring.sources.RuleSample;
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
        Optional<AllocationOwner.Allocation> found;
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
        AllocationOwner.Allocation allocation = found.get();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("alloc_id", allocId);
        stats.put("tenant", allocation.tenant());
        stats.put("state", allocation.state());
        putConnections(stats, allocId);
        stats.put("pms", pms(allocation));
        return ReturnValue.success("statistics of allocation %d".formatted(allocId), stats);
    }

    /** packets, bytes (traffic entering the allocation, counted once) and per-rule counters. */
    private void putConnections(Map<String, Object> stats, int allocId) {
        AllocationFlows flows;
        String source;
        try {
            flows = poller.flowsNow(allocId);
            source = "openflow daemon, now";
        } catch (RuntimeException e) {
            Optional<Timestamped<OpenflowSample>> polled =
                    book.openflow().history().latest();
            AllocationFlows last =
                    polled.map(t -> t.value().allocations().get(allocId)).orElse(null);
            if (last == null) {
                flows = new AllocationFlows(allocId, 0, 0, List.of(), "");
                source = "unavailable: " + e.getMessage();
            } else {
                flows = last;
                source = "last poll at %s (the openflow daemon did not answer now: %s)"
                        .formatted(Instant.ofEpochMilli(polled.get().atMillis()), e.getMessage());
            }
        }
        stats.put("packets", flows.packets());
        stats.put("bytes", flows.bytes());
        stats.put(
                "connections", flows.rules().stream().map(RuleSample::toStruct).toList());
        stats.put("connections_source", source);
        stats.put("connections_updated_at", flows.updatedAt());
    }

    private List<Object> pms(AllocationOwner.Allocation allocation) {
        List<Object> out = new ArrayList<>();
        for (AllocationOwner.PlacedPm placed : allocation.pms()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("pm", placed.pm());
            pm.put("host", placed.host());
            pm.put("instance", placed.instance());
            Optional<SourceRecord<HostSample>> host = book.knownHost(placed.host());
            Optional<Timestamped<HostSample>> latest =
                    host.flatMap(h -> h.history().latest());
            Optional<PmSample> sample = latest.flatMap(t -> t.value().pm(placed.instance()));
            pm.put("host_up", host.map(h -> h.health().up()).orElse(false));
            pm.put(
                    "updated_at",
                    latest.map(t -> Instant.ofEpochMilli(t.atMillis()).toString())
                            .orElse(""));
            pm.put("state", sample.map(PmSample::state).orElse("unknown"));
            Map<String, Object> ports = new LinkedHashMap<>();
            java.util.Set<String> names =
                    new java.util.TreeSet<>(placed.switchPorts().keySet());
            sample.ifPresent(s -> names.addAll(s.ports().keySet()));
            PortCounters total = PortCounters.ZERO;
            for (String name : names) {
                PortCounters counters = sample.map(s -> s.ports().getOrDefault(name, PortCounters.ZERO))
                        .orElse(PortCounters.ZERO);
                total = total.plus(counters);
                Map<String, Object> port = new LinkedHashMap<>(counters.toStruct());
                if (placed.switchPorts().containsKey(name)) {
                    port.put("switch_port", placed.switchPorts().get(name));
                }
                ports.put(name, port);
            }
            pm.put("ports", ports);
            pm.putAll(total.toStruct());
            out.add(pm);
        }
        return out;
    }
}
