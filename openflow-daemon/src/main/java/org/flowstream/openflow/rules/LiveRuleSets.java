package org.flowstream.openflow.rules;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.flowstream.openflow.channel.SwitchConnection;
import org.flowstream.openflow.stats.StatsCollector;
import org.flowstream.openflow.switches.SwitchRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live rule sets of one kind (load balancers, offloads): each owns the rules of one cookie on one
 * switch and recomputes them in rounds, every interval. This class keeps them by id, runs their
 * rounds on one timer thread under the owning service's lock, saves them after each change, restores
 * their rules at start-up, reads their rules' counters and removes them together with their rules.
 * What a round computes is the service's business.
 *
 * <p>Not thread-safe by itself: every call must hold {@code lock}, the monitor the service
 * synchronizes its own methods on (the timer takes it too before running a round).
 */
public final class LiveRuleSets<T extends LiveRuleSets.Member> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveRuleSets.class);

    /** What the registry needs to know of a live rule set. */
    public interface Member {
        long id();

        String switchName();

        /** The cookie of every rule it owns (see {@code Cookies}). */
        long cookie();

        /** Time between rounds; 0 or less: rounds only on request. */
        long intervalMillis();
    }

    /** One round of a member: measure, recompute, install. */
    @FunctionalInterface
    public interface Round<T> {
        void run(T member) throws Exception;
    }

    private final String kind;
    private final Object lock;
    private final RuleManager rules;
    private final SwitchRegistry switches;
    private final StatsCollector stats;
    private final Round<T> round;
    private final Consumer<Collection<T>> saver;
    private final Map<Long, T> members = new TreeMap<>();
    private final Map<Long, ScheduledFuture<?>> rounds = new HashMap<>();
    private final ScheduledExecutorService timer;

    /**
     * @param kind   what a member is called in messages ("load balancer")
     * @param thread name of the timer thread
     * @param lock   the service's monitor, held around every round
     * @param saver  writes all members (called after each change, before it is acknowledged)
     */
    public LiveRuleSets(
            String kind,
            String thread,
            Object lock,
            RuleManager rules,
            SwitchRegistry switches,
            StatsCollector stats,
            Round<T> round,
            Consumer<Collection<T>> saver) {
        this.kind = kind;
        this.lock = lock;
        this.rules = rules;
        this.switches = switches;
        this.stats = stats;
        this.round = round;
        this.saver = saver;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, thread);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Takes back members saved before a restart. Their saved rules normally are installed already;
     * if they are not, the member's rules win. A switch that refuses them is logged, not fatal: the
     * rule manager keeps them for when the switch returns.
     */
    public void restore(Collection<T> saved, java.util.function.Function<T, Collection<Rule>> rulesOf) {
        for (T member : saved) {
            try {
                rules.setOwnerRules(member.switchName(), member.cookie(), rulesOf.apply(member));
            } catch (Exception e) {
                LOG.warn(
                        "{} {}: could not restore its rules on {}: {}",
                        kind,
                        member.id(),
                        member.switchName(),
                        e.toString());
            }
            put(member);
        }
    }

    /** The member, or an error that names the ids there are. */
    public T get(long id) {
        T member = members.get(id);
        if (member == null) {
            throw new IllegalArgumentException("no %s %d (configured: %s)".formatted(kind, id, members.keySet()));
        }
        return member;
    }

    public Optional<T> find(long id) {
        return Optional.ofNullable(members.get(id));
    }

    public int size() {
        return members.size();
    }

    /** Adds or replaces a member and (re)starts its rounds at its current interval. Does not save. */
    public void put(T member) {
        cancelRounds(member.id());
        members.put(member.id(), member);
        long every = member.intervalMillis();
        if (every > 0) {
            rounds.put(
                    member.id(),
                    timer.scheduleWithFixedDelay(() -> roundNow(member), every, every, TimeUnit.MILLISECONDS));
        }
    }

    private void roundNow(T member) {
        synchronized (lock) {
            if (members.get(member.id()) != member) {
                return; // replaced or removed since the timer fired
            }
            try {
                round.run(member);
            } catch (Exception e) {
                LOG.warn("{} {}: round failed: {}", kind, member.id(), e.toString());
            }
        }
    }

    /** Every member, in id order (each service answers its members' statuses). */
    public List<T> all() {
        return List.copyOf(members.values());
    }

    /** Removes the member and every rule it owns. */
    public RuleManager.ChangeResult remove(long id) throws Exception {
        T member = get(id);
        RuleManager.ChangeResult change = rules.removeOwner(member.switchName(), member.cookie());
        cancelRounds(id);
        members.remove(id);
        save();
        return change;
    }

    public void save() {
        saver.accept(members.values());
    }

    /** Counters of the member's rules; {@code pollNow} asks the switch first (when connected), else the last poll's. */
    public List<StatsCollector.FlowCounters> counters(Member member, boolean pollNow) {
        Optional<SwitchConnection> sw = switches.get(member.switchName());
        if (pollNow && sw.isPresent()) {
            try {
                stats.poll(sw.get());
            } catch (Exception e) {
                LOG.debug(
                        "{} {}: polling {} failed, using the last counters: {}",
                        kind,
                        member.id(),
                        member.switchName(),
                        e.toString());
            }
        }
        return stats.flows(member.switchName()).stream()
                .filter(f -> f.rule().cookie() == member.cookie())
                .toList();
    }

    private void cancelRounds(long id) {
        ScheduledFuture<?> f = rounds.remove(id);
        if (f != null) {
            f.cancel(false);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
