package org.flowstream.openflow.offloading;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.flowstream.contracts.records.openflow.OffloadConfig;
import org.flowstream.contracts.records.openflow.OffloadReportReceipt;
import org.flowstream.contracts.records.openflow.OffloadStatus;
import org.flowstream.openflow.rules.LiveRuleSets;
import org.flowstream.openflow.rules.RuleManager;
import org.flowstream.openflow.stats.StatsCollector;
import org.flowstream.openflow.switches.SwitchPortCheck;
import org.flowstream.openflow.switches.SwitchRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs TFO offloads (§2.4) on the daemon's switches. Each round (per offload, every {@code interval_millis})
 * feeds the software path's reported counts and the forwarding rules' counters into TFO and keeps the
 * selected heavy hitters installed as one rule set (cookie kind 3, the offload's id); the rule manager sends
 * only the difference. If the switch refuses a round's rules, the old set stays installed and the next round
 * tries again with the whole set. Offloads are saved (with their offloaded prefixes) before a change is
 * acknowledged and resumed after a restart.
 */
public final class OffloadService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OffloadService.class);

    private final RuleManager rules;
    private final SwitchRegistry switches;
    private final LiveRuleSets<LiveOffload> offloads;

    public OffloadService(RuleManager rules, SwitchRegistry switches, StatsCollector stats, OffloadStore store) {
        this.rules = rules;
        this.switches = switches;
        this.offloads =
                new LiveRuleSets<>("offload", "openflow-tfo", this, rules, switches, stats, this::round, store::save);
        synchronized (this) {
            offloads.restore(store.load(), live -> live.installed.rules());
        }
        if (offloads.size() > 0) {
            LOG.info("resumed {} offloads from {}", offloads.size(), store.file());
        }
    }

    /** Creates an offload or changes one (same switch); a change keeps the offloaded prefixes, up to the new capacity. */
    public synchronized OffloadStatus configure(OffloadConfig request) throws Exception {
        OffloadConfig config = OffloadConfigs.check(OffloadConfigs.withDefaults(request));
        SwitchPortCheck.requireKnown(switches, rules.switchNames(), config.switchName(), config.namedPorts());
        LiveOffload existing = offloads.find(config.id()).orElse(null);
        if (existing != null && !existing.config.switchName().equals(config.switchName())) {
            throw new IllegalArgumentException(
                    "offload %d runs on switch %s; tfo_remove it there before configuring it on %s"
                            .formatted(config.id(), existing.config.switchName(), config.switchName()));
        }
        LiveOffload live =
                new LiveOffload(config, existing == null ? List.of() : List.copyOf(existing.offloader.offloaded()));
        RuleManager.ChangeResult change =
                rules.setOwnerRules(config.switchName(), OffloadConfigs.cookie(config), live.installed.rules());
        live.baseline(
                existing == null ? List.of() : offloads.counters(live, false)); // new rules' counters start at zero
        offloads.put(live); // replaces the old one, whose rounds stop
        offloads.save();
        return live.status(change.toRuleChange());
    }

    /** Adds the software path's packet counts per destination prefix to the current round. */
    public synchronized OffloadReportReceipt report(long id, Map<Ipv4Prefix, Double> counts) {
        LiveOffload live = offloads.get(id);
        live.report(counts);
        return new OffloadReportReceipt(id, counts.size(), live.pendingReports());
    }

    /** Ends the current round now (what the timer does every interval). */
    public synchronized OffloadStatus round(long id) throws Exception {
        LiveOffload live = offloads.get(id);
        round(live);
        return live.status();
    }

    public synchronized OffloadStatus status(long id) {
        return offloads.get(id).status();
    }

    public synchronized List<OffloadStatus> statusAll() {
        return offloads.all().stream().map(LiveOffload::status).toList();
    }

    /** Removes the offload and all its rules (the software-path rule included). */
    public synchronized RuleManager.ChangeResult remove(long id) throws Exception {
        return offloads.remove(id);
    }

    private void round(LiveOffload live) throws Exception {
        live.endRound(offloads.counters(live, true));
        OffloadFlowRules next = new OffloadFlowRules(live.config, live.offloader.offloaded());
        if (new HashSet<>(next.rules()).equals(new HashSet<>(live.installed.rules()))) {
            return;
        }
        RuleManager.ChangeResult change =
                rules.setOwnerRules(live.config.switchName(), OffloadConfigs.cookie(live.config), next.rules());
        live.installed = next;
        offloads.save();
        LOG.info(
                "offload {} on {}: {}; {}",
                live.config.id(),
                live.config.switchName(),
                live.lastRound.message(),
                change.message());
    }

    @Override
    public void close() {
        offloads.close();
    }
}
