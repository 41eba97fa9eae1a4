package org.flowstream.openflow.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.flowstream.openflow.rules.driver.FlowTable;
import org.flowstream.openflow.rules.driver.SwitchDriver;
import org.flowstream.openflow.rules.driver.SwitchRefusedException;
import org.flowstream.openflow.rules.driver.SwitchUnreachableException;

/**
 * A switch's flow table in memory, for fast tests of the rule manager's own logic. It behaves as Open vSwitch
 * does for a batch: messages take effect one by one, in order, a refused one changes nothing itself but does not
 * stop the rest, and the caller learns of every refusal at the barrier. Tests drift its table behind the
 * manager's back with {@link #table()}, and make it refuse rules or go away.
 */
public final class InMemorySwitch implements SwitchDriver {

    private final String name;
    private final Map<Rule.Key, Rule> table = new LinkedHashMap<>();
    private final List<Long> unmodelledCookies = new ArrayList<>();
    private Predicate<Rule> refuses = rule -> false;
    private boolean reachable = true;
    private volatile CountDownLatch hold;
    private final CountDownLatch held = new CountDownLatch(1);
    int batches;

    public InMemorySwitch(String name) {
        this.name = name;
    }

    /** The live table: tests change it to play an operator or a switch restart. */
    public synchronized Map<Rule.Key, Rule> table() {
        return table;
    }

    /** Entries whose match the rule syntax cannot express (by their cookies). */
    synchronized List<Long> unmodelledCookies() {
        return unmodelledCookies;
    }

    public synchronized void refuse(Predicate<Rule> which) {
        this.refuses = which;
    }

    synchronized void setReachable(boolean reachable) {
        this.reachable = reachable;
    }

    @Override
    public String switchName() {
        return name;
    }

    /** Batches this switch has applied. */
    public synchronized int batches() {
        return batches;
    }

    /**
     * From now on, a batch waits before it takes effect until {@code release} counts down (a switch slow to answer);
     * {@link #awaitHeld} returns once one does.
     */
    public void holdBatches(CountDownLatch release) {
        this.hold = release;
    }

    /** Waits until a batch is held by {@link #holdBatches}. */
    public void awaitHeld() throws InterruptedException {
        if (!held.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no batch reached switch " + name + " in 10 s");
        }
    }

    @Override
    public void apply(List<Rule> remove, List<Rule> add) throws InterruptedException {
        CountDownLatch release = hold;
        if (release != null) {
            held.countDown();
            release.await();
        }
        applyNow(remove, add);
    }

    private synchronized void applyNow(List<Rule> remove, List<Rule> add) {
        requireReachable();
        batches++;
        for (Rule r : remove) {
            Rule had = table.get(r.key());
            if (had != null && had.cookie() == r.cookie()) { // strict delete, checked against the cookie (1.3)
                table.remove(r.key());
            }
        }
        List<String> errors = new ArrayList<>();
        for (Rule r : add) {
            if (refuses.test(r)) {
                errors.add("BAD_ACTION for " + r.key());
            } else {
                table.put(r.key(), r);
            }
        }
        if (!errors.isEmpty()) {
            throw new SwitchRefusedException(name, errors);
        }
    }

    @Override
    public synchronized FlowTable read() {
        requireReachable();
        return new FlowTable(List.copyOf(table.values()), unmodelledCookies);
    }

    private void requireReachable() {
        if (!reachable) {
            throw new SwitchUnreachableException("switch %s went away".formatted(name), null);
        }
    }
}
