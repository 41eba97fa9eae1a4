package org.flowstream.openflow.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.flowstream.contracts.records.openflow.ReconcileSummary;
import org.flowstream.contracts.records.openflow.RuleChange;
import org.flowstream.openflow.rules.driver.FlowTable;
import org.flowstream.openflow.rules.driver.SwitchDriver;
import org.flowstream.openflow.rules.driver.SwitchDrivers;
import org.flowstream.openflow.rules.driver.SwitchRefusedException;
import org.flowstream.openflow.rules.driver.SwitchUnreachableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Desired-state rule management. Per switch the daemon keeps the rules it wants (each tagged with its
 * owner's cookie) and persists them before it acts. A change goes out as one batch of flow-mods confirmed by
 * a barrier; if the switch refuses any of them, the change is undone (desired state and switch). After a
 * switch (re)connects, and on request, {@link #reconcile} reads the switch's flow table and brings it in
 * line: missing rules added, rules with our cookies that should not be there deleted (strictly, by match
 * and priority; in 1.3 also by cookie), foreign rules left alone.
 *
 * <p>It speaks to switches only through {@link SwitchDriver} (one per switch), in {@link Rule} terms: the
 * OpenFlow messages are the driver's business ({@code rules.openflow}), so change, undo and reconciliation are
 * tested against an in-memory switch as well as a real Open vSwitch.
 */
public final class RuleManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RuleManager.class);

    private final SwitchDrivers switches;
    private final RuleStore store;
    /** Desired rules per switch name; guarded by {@code this}. */
    private final Map<String, Map<Rule.Key, Rule>> desired = new TreeMap<>();

    /** Rules every switch gets when it connects, before it is reconciled ({@link #onEverySwitch}). */
    private volatile List<Rule> everySwitch = List.of();

    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, ReconcileReport> lastReconcile = new ConcurrentHashMap<>();
    private final ExecutorService background = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "openflow-reconcile");
        t.setDaemon(true);
        return t;
    });

    /** What a change did. {@code applied} is false when the switch is not connected: the rules wait for it. */
    public record ChangeResult(String switchName, int added, int removed, boolean applied, String message) {
        public RuleChange toRuleChange() {
            return new RuleChange(switchName, added, removed, applied, message);
        }
    }

    /** What a reconciliation found and did. */
    public record ReconcileReport(
            String switchName,
            int desired,
            int unchanged,
            int added,
            int removed,
            int foreignKept,
            Instant at,
            long millis) {
        public ReconcileSummary toSummary() {
            return new ReconcileSummary(
                    switchName, desired, unchanged, added, removed, foreignKept, at.toString(), millis);
        }
    }

    public RuleManager(SwitchDrivers switches, RuleStore store) {
        this.switches = switches;
        this.store = store;
        store.load().forEach((name, rules) -> {
            Map<Rule.Key, Rule> map = new LinkedHashMap<>();
            rules.forEach(r -> map.put(r.key(), r));
            desired.put(name, map);
        });
        int total = desired.values().stream().mapToInt(Map::size).sum();
        if (total > 0) {
            LOG.info("loaded {} desired rules for {} switches from {}", total, desired.size(), store.file());
        }
        switches.whenConnected(this::switchConnected);
    }

    // ---- reading the desired state ----

    public synchronized List<Rule> rules(String switchName) {
        return List.copyOf(desired.getOrDefault(switchName, Map.of()).values());
    }

    public synchronized List<Rule> rules(String switchName, Predicate<Rule> filter) {
        return desired.getOrDefault(switchName, Map.of()).values().stream()
                .filter(filter)
                .toList();
    }

    /** Every switch with desired rules, and every connected switch. */
    public synchronized Set<String> switchNames() {
        Set<String> names = new java.util.TreeSet<>(desired.keySet());
        names.addAll(switches.connected());
        return names;
    }

    public Optional<ReconcileReport> lastReconcile(String switchName) {
        return Optional.ofNullable(lastReconcile.get(switchName));
    }

    // ---- changing it ----

    /** Makes the rules with this cookie on the switch exactly {@code rules} (which must all carry the cookie). */
    public ChangeResult setOwnerRules(String switchName, long cookie, Collection<Rule> rules) throws Exception {
        for (Rule r : rules) {
            if (r.cookie() != cookie) {
                throw new IllegalArgumentException(
                        "rule %s does not carry the owner's cookie %s".formatted(r, Cookies.hex(cookie)));
            }
        }
        List<Rule> remove;
        synchronized (this) {
            Set<Rule.Key> keep = new HashSet<>();
            rules.forEach(r -> keep.add(r.key()));
            remove = desired.getOrDefault(switchName, Map.of()).values().stream()
                    .filter(r -> r.cookie() == cookie && !keep.contains(r.key()))
                    .toList();
        }
        return change(switchName, rules, remove);
    }

    /** Removes every rule with this cookie from the switch. */
    public ChangeResult removeOwner(String switchName, long cookie) throws Exception {
        return change(switchName, List.of(), rules(switchName, r -> r.cookie() == cookie));
    }

    /**
     * Adds (or replaces, same key and owner) and removes rules on one switch, all or nothing. A rule whose
     * key another owner holds is refused. Returns once the switch confirmed with a barrier, or at once when it
     * is not connected (the rules are saved and installed when it connects).
     */
    public ChangeResult change(String switchName, Collection<Rule> add, Collection<Rule> remove) throws Exception {
        ReentrantLock lock = lock(switchName);
        lock.lockInterruptibly();
        try {
            Map<Rule.Key, Rule> before;
            List<Rule> toAdd = new ArrayList<>();
            List<Rule> toRemove = new ArrayList<>();
            synchronized (this) {
                Map<Rule.Key, Rule> current = desired.getOrDefault(switchName, Map.of());
                before = new LinkedHashMap<>(current);
                Map<Rule.Key, Rule> after = new LinkedHashMap<>(current);
                for (Rule r : remove) {
                    Rule had = after.get(r.key());
                    if (had != null && had.cookie() == r.cookie()) {
                        after.remove(r.key());
                        toRemove.add(had);
                    }
                }
                Set<Rule.Key> seen = new HashSet<>();
                for (Rule r : add) {
                    if (!seen.add(r.key())) {
                        throw new IllegalArgumentException("rule %s is given twice".formatted(r.key()));
                    }
                    Rule had = after.get(r.key());
                    if (had != null && had.cookie() != r.cookie()) {
                        throw new IllegalArgumentException("rule %s already belongs to %s on switch %s"
                                .formatted(r.key(), Cookies.describe(had.cookie()), switchName));
                    }
                    if (!r.equals(had)) {
                        after.put(r.key(), r);
                        toAdd.add(r);
                    }
                }
                if (toAdd.isEmpty() && toRemove.isEmpty()) {
                    return new ChangeResult(switchName, 0, 0, true, "nothing to change");
                }
                setDesired(switchName, after);
                try {
                    persist();
                } catch (RuntimeException e) {
                    setDesired(switchName, before);
                    throw e;
                }
            }
            Optional<SwitchDriver> sw = switches.driver(switchName);
            if (sw.isEmpty()) {
                return new ChangeResult(
                        switchName,
                        toAdd.size(),
                        toRemove.size(),
                        false,
                        "switch %s is not connected; the rules are saved and will be installed when it connects"
                                .formatted(switchName));
            }
            try {
                push(sw.get(), toAdd, toRemove);
                return new ChangeResult(
                        switchName, toAdd.size(), toRemove.size(), true, "installed, confirmed by barrier");
            } catch (SwitchRefusedException e) {
                // Refused: undo the whole change, on the switch as well (some flow-mods may have gone through).
                synchronized (this) {
                    setDesired(switchName, before);
                    persist();
                }
                try {
                    reconcileLocked(sw.get());
                } catch (Exception again) {
                    LOG.warn("switch {}: could not undo a refused change: {}", switchName, again.toString());
                }
                throw new IllegalStateException("nothing changed: " + e.getMessage(), e);
            } catch (SwitchUnreachableException e) {
                return new ChangeResult(
                        switchName,
                        toAdd.size(),
                        toRemove.size(),
                        false,
                        "switch %s went away before confirming; the rules are saved and will be installed when it reconnects"
                                .formatted(switchName));
            }
        } finally {
            lock.unlock();
        }
    }

    private void setDesired(String switchName, Map<Rule.Key, Rule> rules) {
        if (rules.isEmpty()) {
            desired.remove(switchName);
        } else {
            desired.put(switchName, rules);
        }
    }

    private void persist() {
        Map<String, Collection<Rule>> snapshot = new TreeMap<>();
        desired.forEach((name, rules) -> snapshot.put(name, rules.values()));
        store.save(snapshot);
    }

    private static void push(SwitchDriver sw, List<Rule> add, List<Rule> remove) throws InterruptedException {
        sw.apply(remove, add);
    }

    // ---- reconciliation ----

    /** Reads the switch's flow table and brings it in line with the desired rules. */
    public ReconcileReport reconcile(String switchName) throws Exception {
        SwitchDriver sw = switches.driver(switchName)
                .orElseThrow(() -> new IllegalStateException(
                        "switch %s is not connected; it is reconciled when it connects".formatted(switchName)));
        ReentrantLock lock = lock(switchName);
        lock.lockInterruptibly();
        try {
            return reconcileLocked(sw);
        } finally {
            lock.unlock();
        }
    }

    private ReconcileReport reconcileLocked(SwitchDriver sw) throws InterruptedException {
        long start = System.nanoTime();
        String name = sw.switchName();
        Map<Rule.Key, Rule> want;
        synchronized (this) {
            want = new HashMap<>(desired.getOrDefault(name, Map.of()));
        }
        FlowTable table = sw.read();
        int foreign = 0;
        for (long cookie : table.unmodelledCookies()) {
            if (Cookies.isOurs(cookie)) {
                LOG.warn(
                        "switch {}: a rule with our cookie {} uses match fields we do not manage; left alone",
                        name,
                        Cookies.hex(cookie));
            }
            foreign++;
        }
        Set<Rule.Key> present = new HashSet<>();
        List<Rule> remove = new ArrayList<>();
        for (Rule actual : table.rules()) {
            long cookie = actual.cookie();
            Rule wanted = want.get(actual.key());
            if (wanted != null && wanted.cookie() == cookie && wanted.actions().equals(actual.actions())) {
                present.add(actual.key());
            } else if (Cookies.isOurs(cookie)) {
                if (wanted == null) {
                    remove.add(actual); // ours, but nobody wants it any more
                }
                // else: wanted with other actions or owner: the add below replaces it
            } else {
                foreign++; // someone else's; an add below replaces it only if we want that very key
            }
        }
        List<Rule> add = new ArrayList<>();
        for (Rule r : want.values()) {
            if (!present.contains(r.key())) {
                add.add(r);
            }
        }
        if (!add.isEmpty() || !remove.isEmpty()) {
            push(sw, add, remove);
        }
        ReconcileReport report = new ReconcileReport(
                name,
                want.size(),
                present.size(),
                add.size(),
                remove.size(),
                foreign,
                Instant.now(),
                (System.nanoTime() - start) / 1_000_000);
        lastReconcile.put(name, report);
        LOG.info(
                "switch {} reconciled: {} added, {} removed, {} unchanged, {} foreign kept",
                name,
                add.size(),
                remove.size(),
                present.size(),
                foreign);
        return report;
    }

    private ReentrantLock lock(String switchName) {
        return locks.computeIfAbsent(switchName, n -> new ReentrantLock());
    }

    // ---- switch events ----

    /**
     * From now on every switch that connects has {@code rules} in its desired state (added, and saved, if missing)
     * before it is reconciled, so they are on it from its first reconciliation on (the platform's rules).
     */
    public void onEverySwitch(List<Rule> rules) {
        everySwitch = List.copyOf(rules);
    }

    /** Puts the rules every switch gets into the switch's desired state; a key another owner holds is left alone. */
    private synchronized void addEverySwitchRules(String switchName) {
        Map<Rule.Key, Rule> current = desired.getOrDefault(switchName, Map.of());
        Map<Rule.Key, Rule> after = new LinkedHashMap<>(current);
        for (Rule r : everySwitch) {
            Rule had = current.get(r.key());
            if (had != null && had.cookie() != r.cookie()) {
                LOG.error(
                        "switch {}: rule {} is held by {}, so {}'s rule is not installed",
                        switchName,
                        r.key(),
                        Cookies.describe(had.cookie()),
                        Cookies.describe(r.cookie()));
            } else {
                after.put(r.key(), r);
            }
        }
        if (!after.equals(current)) {
            setDesired(switchName, after);
            persist();
        }
    }

    /** A switch (re)connected: whatever happened to its flow table meanwhile is put right, off the network thread. */
    private void switchConnected(String switchName) {
        background.execute(() -> {
            try {
                addEverySwitchRules(switchName);
                reconcile(switchName);
            } catch (Exception e) {
                LOG.warn("switch {}: reconciliation after connect failed: {}", switchName, e.toString());
            }
        });
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
