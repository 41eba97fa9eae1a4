package org.flowstream.openflow.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.flowstream.contracts.records.openflow.FlowStats;
import org.flowstream.contracts.records.openflow.PortStats;
import org.flowstream.contracts.records.openflow.RuleCounters;
import org.flowstream.contracts.records.openflow.SwitchPortCounters;
import org.flowstream.openflow.channel.PortInfo;
import org.flowstream.openflow.channel.SwitchConnection;
import org.flowstream.openflow.rules.Cookies;
import org.flowstream.openflow.rules.Rule;
import org.flowstream.openflow.rules.openflow.FlowEntries;
import org.flowstream.openflow.switches.SwitchRegistry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFPortStatsEntry;
import org.projectfloodlight.openflow.protocol.OFPortStatsReply;
import org.projectfloodlight.openflow.protocol.OFPortStatsRequest;
import org.projectfloodlight.openflow.types.OFPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls every connected switch for flow and port statistics at a fixed interval and keeps the latest
 * answer, so callers read counters without waiting for a switch. Flow counters are kept per rule (with its
 * cookie), so they add up per owner: per allocation, the load balancer, the offload set.
 */
public final class StatsCollector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatsCollector.class);

    /** One rule's counters as the switch last reported them. */
    public record FlowCounters(String switchName, Rule rule, long packets, long bytes, long durationSec) {
        /** As get_flow_stats lists it. */
        public RuleCounters toRecord() {
            return new RuleCounters(
                    rule.table(),
                    rule.priority(),
                    rule.match().toString(),
                    String.join(",", rule.actions().isEmpty() ? List.of("drop") : rule.actions()),
                    Cookies.hex(rule.cookie()),
                    Cookies.describe(rule.cookie()),
                    switchName,
                    packets,
                    bytes,
                    durationSec);
        }
    }

    /**
     * One poll's answers, each with when it arrived (a rate divides by the time between two of them, and the port
     * request can wait behind a busy switch).
     */
    private record Snapshot(
            Instant flowsAt, List<FlowCounters> flows, Instant portsAt, List<SwitchPortCounters> ports) {}

    private final SwitchRegistry switches;
    private final Duration timeout;
    private final Map<String, Snapshot> latest = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "openflow-stats");
        t.setDaemon(true);
        return t;
    });

    public StatsCollector(SwitchRegistry switches, Duration interval, Duration timeout) {
        this.switches = switches;
        this.timeout = timeout;
        if (!interval.isZero()) {
            timer.scheduleWithFixedDelay(
                    this::pollAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void pollAll() {
        for (SwitchConnection sw : switches.connected()) {
            try {
                poll(sw);
            } catch (Exception e) {
                LOG.debug("statistics of {} failed: {}", sw.name(), e.toString());
            }
        }
    }

    /** Asks the switch now and stores the answer. */
    public void poll(SwitchConnection sw) throws Exception {
        List<FlowCounters> flows = new ArrayList<>();
        for (OFFlowStatsEntry e : FlowEntries.read(sw, timeout)) {
            Rule rule = FlowEntries.toRule(e);
            if (rule != null) {
                flows.add(new FlowCounters(
                        sw.name(),
                        rule,
                        e.getPacketCount().getValue(),
                        e.getByteCount().getValue(),
                        e.getDurationSec()));
            }
        }
        Instant flowsAt = Instant.now();
        OFPortStatsRequest request = sw.factory()
                .buildPortStatsRequest()
                .setXid(sw.nextXid())
                .setPortNo(OFPort.ANY)
                .build();
        List<OFPortStatsEntry> entries = new ArrayList<>();
        for (OFPortStatsReply reply : sw.multipart(request).get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            entries.addAll(reply.getEntries());
        }
        entries.sort(java.util.Comparator.comparingInt(p -> p.getPortNo().getPortNumber()));
        List<SwitchPortCounters> ports =
                entries.stream().map(StatsCollector::counters).toList();
        latest.put(sw.name(), new Snapshot(flowsAt, flows, Instant.now(), ports));
    }

    /** A port's counters as get_port_stats lists them, its number "LOCAL" for the bridge's own port. */
    private static SwitchPortCounters counters(OFPortStatsEntry p) {
        int port = p.getPortNo().getPortNumber();
        return new SwitchPortCounters(
                port == PortInfo.LOCAL ? "LOCAL" : String.valueOf(port),
                p.getRxPackets().getValue(),
                p.getTxPackets().getValue(),
                p.getRxBytes().getValue(),
                p.getTxBytes().getValue(),
                p.getRxDropped().getValue(),
                p.getTxDropped().getValue(),
                p.getRxErrors().getValue(),
                p.getTxErrors().getValue());
    }

    /** Polls now every connected switch (for callers that want fresh counters). */
    public void refresh() {
        pollAll();
    }

    /**
     * Counters of every rule of this allocation, on every switch. {@code packets} and {@code bytes} add up the
     * entry rules only (those taking traffic in from the outside world), so a packet that crosses several
     * hops counts once; each rule's own counters are listed too.
     */
    public FlowStats flowStats(int allocId, java.util.function.Predicate<Rule> isEntry) {
        long cookie = Cookies.allocation(allocId);
        List<FlowCounters> rules = new ArrayList<>();
        Instant oldest = null;
        for (Snapshot s : latest.values()) {
            s.flows().stream().filter(f -> f.rule().cookie() == cookie).forEach(rules::add);
            oldest = oldest == null || s.flowsAt().isBefore(oldest) ? s.flowsAt() : oldest;
        }
        List<FlowCounters> entry =
                rules.stream().filter(f -> isEntry.test(f.rule())).toList();
        return new FlowStats(
                allocId,
                Cookies.describe(cookie),
                Cookies.hex(cookie),
                entry.stream().mapToLong(FlowCounters::packets).sum(),
                entry.stream().mapToLong(FlowCounters::bytes).sum(),
                rules.stream().map(FlowCounters::toRecord).toList(),
                oldest == null ? "" : oldest.toString());
    }

    public List<FlowCounters> flows(String switchName) {
        Snapshot s = latest.get(switchName);
        return s == null ? List.of() : s.flows();
    }

    public PortStats portStats(String switchName) {
        Snapshot s = latest.get(switchName);
        return new PortStats(switchName, s == null ? "" : s.portsAt().toString(), s == null ? List.of() : s.ports());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
