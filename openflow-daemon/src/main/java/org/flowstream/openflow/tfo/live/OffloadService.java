package org.flowstream.openflow.tfo.live;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.flowstream.openflow.channel.SwitchConnection;
import org.flowstream.openflow.lb.Prefix;
import org.flowstream.openflow.rules.RuleManager;
import org.flowstream.openflow.stats.StatsCollector;
import org.flowstream.openflow.switches.SwitchPorts;
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
    private final StatsCollector stats;
    private final OffloadStore store;
    private final Map<Long, LiveOffload> offloads = new TreeMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "openflow-tfo");
        t.setDaemon(true);
        return t;
    });

    public OffloadService(RuleManager rules, SwitchRegistry switches, StatsCollector stats, OffloadStore store) {
        this.rules = rules;
        this.switches = switches;
        this.stats = stats;
        this.store = store;
        for (LiveOffload live : store.load()) {
            offloads.put(live.config.id(), live);
            try {
                rules.setOwnerRules(live.config.switchName(), live.config.cookie(), live.installed.rules());
            } catch (Exception e) {
                LOG.warn("offload {}: could not restore its rules on {}: {}", live.config.id(), live.config.switchName(), e.toString());
            }
            schedule(live);
        }
        if (!offloads.isEmpty()) {
            LOG.info("resumed {} offloads from {}", offloads.size(), store.file());
        }
    }

    /** Creates an offload or changes one (same switch); a change keeps the offloaded prefixes, up to the new capacity. */
    public synchronized Map<String, Object> configure(OffloadConfig request) throws Exception {
        OffloadConfig config = request.withDefaults().check();
        SwitchPorts.requireKnown(switches, rules.switchNames(), config.switchName(), config.namedPorts());
        LiveOffload existing = offloads.get(config.id());
        if (existing != null && !existing.config.switchName().equals(config.switchName())) {
            throw new IllegalArgumentException("offload %d runs on switch %s; tfo_remove it there before configuring it on %s".formatted(
                    config.id(), existing.config.switchName(), config.switchName()));
        }
        LiveOffload live = new LiveOffload(config, existing == null ? List.of() : List.copyOf(existing.offloader.offloaded()));
        RuleManager.ChangeResult change = rules.setOwnerRules(config.switchName(), config.cookie(), live.installed.rules());
        if (existing == null) {
            live.baseline(List.of()); // new rules: their counters start at zero
        } else {
            live.baseline(ownCounters(config, false));
            if (existing.rounds != null) existing.rounds.cancel(false);
        }
        offloads.put(config.id(), live);
        save();
        schedule(live);
        Map<String, Object> s = live.toStruct();
        s.put("change", change.toStruct());
        return s;
    }

    /** Adds the software path's packet counts per destination prefix to the current round. */
    public synchronized Map<String, Object> report(long id, Map<Prefix, Double> counts) {
        LiveOffload live = get(id);
        live.report(counts);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("offload_id", (int) id);
        s.put("prefixes", counts.size());
        s.put("reports_pending", live.pendingReports());
        return s;
    }

    /** Ends the current round now (what the timer does every interval). */
    public synchronized Map<String, Object> round(long id) throws Exception {
        LiveOffload live = get(id);
        round(live);
        return live.toStruct();
    }

    public synchronized Map<String, Object> status(long id) {
        return get(id).toStruct();
    }

    public synchronized List<Map<String, Object>> statusAll() {
        List<Map<String, Object>> list = new ArrayList<>();
        offloads.values().forEach(o -> list.add(o.toStruct()));
        return list;
    }

    /** Removes the offload and all its rules (the software-path rule included). */
    public synchronized RuleManager.ChangeResult remove(long id) throws Exception {
        LiveOffload live = get(id);
        RuleManager.ChangeResult change = rules.removeOwner(live.config.switchName(), live.config.cookie());
        if (live.rounds != null) live.rounds.cancel(false);
        offloads.remove(id);
        save();
        return change;
    }

    private LiveOffload get(long id) {
        LiveOffload live = offloads.get(id);
        if (live == null) {
            throw new IllegalArgumentException("no offload %d (configured: %s)".formatted(id, offloads.keySet()));
        }
        return live;
    }

    private void round(LiveOffload live) throws Exception {
        live.endRound(ownCounters(live.config, true));
        OffloadRules next = new OffloadRules(live.config, live.offloader.offloaded());
        if (new HashSet<>(next.rules()).equals(new HashSet<>(live.installed.rules()))) {
            return;
        }
        RuleManager.ChangeResult change = rules.setOwnerRules(live.config.switchName(), live.config.cookie(), next.rules());
        live.installed = next;
        save();
        LOG.info("offload {} on {}: {}; {}", live.config.id(), live.config.switchName(), live.lastRound.message(), change.message());
    }

    private List<StatsCollector.FlowCounters> ownCounters(OffloadConfig c, boolean pollNow) {
        Optional<SwitchConnection> sw = switches.get(c.switchName());
        if (pollNow && sw.isPresent()) {
            try {
                stats.poll(sw.get());
            } catch (Exception e) {
                LOG.debug("offload {}: polling {} failed, using the last counters: {}", c.id(), c.switchName(), e.toString());
            }
        }
        return stats.flows(c.switchName()).stream().filter(f -> f.rule().cookie() == c.cookie()).toList();
    }

    private void schedule(LiveOffload live) {
        long every = live.config.intervalMillis();
        if (every <= 0) {
            return;
        }
        long id = live.config.id();
        live.rounds = timer.scheduleWithFixedDelay(() -> {
            synchronized (this) {
                if (offloads.get(id) != live) {
                    return;
                }
                try {
                    round(live);
                } catch (Exception e) {
                    LOG.warn("offload {}: round failed: {}", id, e.toString());
                }
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    private void save() {
        store.save(offloads.values());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
