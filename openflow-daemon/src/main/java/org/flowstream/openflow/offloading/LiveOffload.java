package org.flowstream.openflow.offloading;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.flowstream.contracts.records.openflow.OffloadConfig;
import org.flowstream.contracts.records.openflow.OffloadRound;
import org.flowstream.contracts.records.openflow.OffloadStatus;
import org.flowstream.contracts.records.openflow.RuleChange;
import org.flowstream.offload.OffloadDelta;
import org.flowstream.offload.TrafficOffloader;
import org.flowstream.openflow.rules.Cookies;
import org.flowstream.openflow.rules.LiveRuleSets;
import org.flowstream.openflow.stats.CounterDeltas;
import org.flowstream.openflow.stats.StatsCollector;

/**
 * An offload the daemon runs: the configuration, TFO's state ({@link TrafficOffloader} over destination
 * prefixes), the software path's counts reported during the current round, and the counters of the
 * forwarding rules (the traffic of offloaded prefixes, which the software path no longer sees). Guarded by
 * the {@link OffloadService}.
 */
final class LiveOffload implements LiveRuleSets.Member {

    /** What one round did. */
    record Round(
            Instant at,
            double reported,
            double counted,
            List<Ipv4Prefix> additions,
            List<Ipv4Prefix> removals,
            String message) {
        OffloadRound toWire() {
            return new OffloadRound(
                    at.toString(),
                    reported,
                    counted,
                    additions.stream().map(Ipv4Prefix::toString).toList(),
                    removals.stream().map(Ipv4Prefix::toString).toList(),
                    message);
        }
    }

    final OffloadConfig config;
    final TrafficOffloader<Ipv4Prefix> offloader;
    OffloadFlowRules installed;
    private final Map<Ipv4Prefix, Double> reported = new HashMap<>();
    private int reports;
    private final CounterDeltas counters = new CounterDeltas();
    private boolean primed;
    Round lastRound;

    /** @param offloaded prefixes already offloaded (a restart, or a reconfiguration keeping its set) */
    LiveOffload(OffloadConfig config, List<Ipv4Prefix> offloaded) {
        this.config = config;
        this.offloader = new TrafficOffloader<>(config.capacity(), config.factor(), config.windowArray());
        offloader.restore(offloaded);
        this.installed = new OffloadFlowRules(config, offloader.offloaded());
    }

    /** Software-path packets per destination prefix, for the current round. */
    void report(Map<Ipv4Prefix, Double> counts) {
        counts.forEach((p, n) -> {
            if (!(n >= 0) || Double.isInfinite(n))
                throw new IllegalArgumentException("count of %s must be >= 0, got %s".formatted(p, n));
        });
        counts.forEach((p, n) -> reported.merge(p, n, Double::sum));
        reports++;
    }

    int pendingReports() {
        return reports;
    }

    /** Starts counting from the switch's present counters (when a configuration is new, they start at zero). */
    void baseline(List<StatsCollector.FlowCounters> own) {
        counters.baseline(own);
        primed = true;
    }

    /**
     * Ends the round: feeds the reports and the forwarding rules' counts of the round to TFO and returns what
     * changes. Idle offloaded prefixes (quiet on every time scale) are withdrawn too.
     */
    OffloadDelta<Ipv4Prefix> endRound(List<StatsCollector.FlowCounters> own) {
        if (!primed) {
            // First round after a restart: the counters hold the rules' whole history, and the restored
            // prefixes have no statistics yet (a selection now would withdraw them all as idle). Only take
            // the counters' starting point; the reports wait for the next round.
            counters.baseline(own);
            primed = true;
            lastRound = new Round(
                    Instant.now(),
                    0,
                    0,
                    List.of(),
                    List.of(),
                    "counting started after a restart; no selection this round");
            return new OffloadDelta<>(List.of(), List.of());
        }
        double fromReports = 0;
        double fromCounters = 0;
        for (Map.Entry<Ipv4Prefix, Double> e : reported.entrySet()) {
            offloader.record(e.getKey(), e.getValue());
            fromReports += e.getValue();
        }
        reported.clear();
        reports = 0;
        for (CounterDeltas.Delta d : counters.next(own)) {
            Ipv4Prefix p = installed.prefixOf(d.rule().key());
            if (p != null) {
                offloader.record(p, d.packets());
                fromCounters += d.packets();
            }
        }
        OffloadDelta<Ipv4Prefix> delta = offloader.endIntervalRetiringIdle();
        lastRound = new Round(
                Instant.now(),
                fromReports,
                fromCounters,
                delta.additions(),
                delta.removals(),
                delta.isEmpty()
                        ? "offloaded set unchanged"
                        : "%d added, %d removed"
                                .formatted(
                                        delta.additions().size(),
                                        delta.removals().size()));
        return delta;
    }

    @Override
    public long id() {
        return config.id();
    }

    @Override
    public String switchName() {
        return config.switchName();
    }

    @Override
    public long cookie() {
        return OffloadConfigs.cookie(config);
    }

    @Override
    public long intervalMillis() {
        return config.intervalMillis();
    }

    /** What tfo_status answers: the configuration, the offloaded prefixes, the last round. */
    OffloadStatus status() {
        return status(null);
    }

    /** The status with what installing a change did (null: no change), as tfo_configure answers. */
    OffloadStatus status(RuleChange change) {
        List<String> offloaded = new ArrayList<>();
        offloader.offloaded().forEach(p -> offloaded.add(p.toString()));
        return new OffloadStatus(
                config.id(),
                config.switchName(),
                Cookies.hex(OffloadConfigs.cookie(config)),
                config.inPort(),
                config.softwarePort(),
                config.fastPathPort(),
                config.capacity(),
                config.factor(),
                config.windows(),
                config.intervalMillis(),
                offloaded,
                installed.rules().size(),
                reports,
                lastRound == null ? null : lastRound.toWire(),
                change);
    }
}
