package org.flowstream.openflow.connections;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.flowstream.openflow.rules.Cookies;
import org.flowstream.openflow.rules.Rule;
import org.flowstream.openflow.rules.RuleManager;

/**
 * One commit's create_connections and delete_connections on one switch, planned in order against the switch's
 * state before the commit: each change is checked against what the changes before it leave (a refused one is left
 * out, and the state stays as it was), and the commit's rule change is the difference between the touched
 * allocations' rules before and after. Not thread-safe: the {@link ConnectionManager} plans under its lock.
 */
final class ConnectionBatch {

    /** A create_connections or a delete_connections. */
    sealed interface Change permits Create, Delete {
        long allocId();

        int table();
    }

    /** Install or replace an allocation's wiring in a table. */
    record Create(int table, Wiring wiring) implements Change {
        @Override
        public long allocId() {
            return wiring.allocId();
        }
    }

    /** Remove an allocation's rules from a table. */
    record Delete(int table, long allocId) implements Change {}

    /**
     * What a change does: the allocation's wiring as it leaves it (null after a delete), its rules (a create's), how
     * many of its rules it adds and removes, and once committed, the result its caller is answered.
     */
    record Planned(
            Change change,
            ConnectionManager.Installed installed,
            List<Rule> rules,
            int added,
            int removed,
            RuleManager.ChangeResult result) {

        /** This change's share of the commit's result: its own counts, the commit's outcome on the switch. */
        Planned withResult(RuleManager.ChangeResult commit) {
            RuleManager.ChangeResult own = added + removed == 0
                    ? new RuleManager.ChangeResult(commit.switchName(), 0, 0, true, "nothing to change")
                    : new RuleManager.ChangeResult(
                            commit.switchName(), added, removed, commit.applied(), commit.message());
            return new Planned(change, installed, rules, added, removed, own);
        }

        /** "create 7" or "delete 7", for the log. */
        String describe() {
            return (change instanceof Create ? "create " : "delete ") + change.allocId();
        }
    }

    private final String switchName;
    /** The switch's wirings by allocation id, as the changes planned so far leave them. */
    private final Map<Long, ConnectionManager.Installed> wired;
    /** The switch's desired rules before the commit. */
    private final List<Rule> before;
    /** The rules of each allocation a planned change touched, by cookie, as the changes so far leave them. */
    private final Map<Long, List<Rule>> touched = new LinkedHashMap<>();

    ConnectionBatch(String switchName, Map<Long, ConnectionManager.Installed> wired, List<Rule> before) {
        this.switchName = switchName;
        this.wired = new TreeMap<>(wired);
        this.before = before;
    }

    /**
     * Plans one change after those planned before it.
     *
     * @throws IllegalArgumentException when it is refused (overlap, wrong table, no VLAN tag left), in words; the
     *     plan is then as it was
     */
    Planned plan(Change change) {
        return switch (change) {
            case Create c -> planCreate(c);
            case Delete d -> planDelete(d);
        };
    }

    private Planned planCreate(Create c) {
        Wiring wiring = c.wiring();
        ConnectionManager.Installed previous = wired.get(wiring.allocId());
        if (previous != null && previous.table() != c.table()) {
            throw new IllegalArgumentException("allocation %d is wired in table %d of %s; delete it there first"
                    .formatted(wiring.allocId(), previous.table(), switchName));
        }
        List<List<Integer>> tags = VlanTags.allocate(switchName, wiring, previous, wired.values());
        long cookie = Cookies.allocation(wiring.allocId());
        List<Rule> wanted = ConnectionManager.rulesFor(c.table(), wiring, tags, cookie);
        checkOverlap(c.table(), wiring.allocId(), wanted);
        List<Rule> had = rulesOf(cookie);
        Set<Rule> unchanged = new HashSet<>(had);
        Set<Rule.Key> kept = new HashSet<>();
        wanted.forEach(r -> kept.add(r.key()));
        int added = (int) wanted.stream().filter(r -> !unchanged.contains(r)).count();
        int removed = (int) had.stream().filter(r -> !kept.contains(r.key())).count();
        ConnectionManager.Installed now = new ConnectionManager.Installed(switchName, c.table(), wiring, tags);
        touched.put(cookie, wanted);
        wired.put(wiring.allocId(), now);
        return new Planned(c, now, wanted, added, removed, null);
    }

    private Planned planDelete(Delete d) {
        long cookie = Cookies.allocation(d.allocId());
        List<Rule> had = rulesOf(cookie);
        List<Rule> left = had.stream().filter(r -> r.table() != d.table()).toList();
        touched.put(cookie, left);
        ConnectionManager.Installed inst = wired.get(d.allocId());
        if (inst != null && inst.table() == d.table()) {
            wired.remove(d.allocId());
        }
        return new Planned(d, null, List.of(), 0, had.size() - left.size(), null);
    }

    /** The allocation's rules as the changes planned so far leave them. */
    private List<Rule> rulesOf(long cookie) {
        List<Rule> planned = touched.get(cookie);
        return planned != null
                ? planned
                : before.stream().filter(r -> r.cookie() == cookie).toList();
    }

    /** Every other allocation's rules in the table, as the changes planned so far leave them. */
    private List<Rule> otherAllocations(int table, long cookie) {
        List<Rule> others = new ArrayList<>();
        for (Rule r : before) {
            if (!touched.containsKey(r.cookie())) {
                others.add(r);
            }
        }
        touched.values().forEach(others::addAll);
        return others.stream()
                .filter(r -> r.table() == table
                        && r.cookie() != cookie
                        && Cookies.kind(r.cookie()) == Cookies.OwnerKind.ALLOCATION)
                .toList();
    }

    private void checkOverlap(int table, long allocId, List<Rule> wanted) {
        List<Rule> others = otherAllocations(table, Cookies.allocation(allocId));
        for (Rule mine : wanted) {
            for (Rule theirs : others) {
                if (mine.match().overlaps(theirs.match())) {
                    throw new IllegalArgumentException(
                            ("allocation %d overlaps allocation %d on switch %s: its traffic '%s' would also match '%s'; "
                                            + "two allocations must not capture each other's traffic, so narrow the match or use another port")
                                    .formatted(
                                            allocId,
                                            Cookies.ownerId(theirs.cookie()),
                                            switchName,
                                            mine.match(),
                                            theirs.match()));
                }
            }
        }
    }

    /** The rules the commit adds or replaces: every touched allocation's rules after it (unchanged ones are skipped). */
    List<Rule> adds() {
        List<Rule> adds = new ArrayList<>();
        touched.values().forEach(adds::addAll);
        return adds;
    }

    /** The rules the commit removes: touched allocations' rules before it whose keys they no longer hold. */
    List<Rule> removes() {
        Map<Long, Set<Rule.Key>> keptKeys = new LinkedHashMap<>();
        touched.forEach((cookie, rules) -> {
            Set<Rule.Key> keys = new HashSet<>();
            rules.forEach(r -> keys.add(r.key()));
            keptKeys.put(cookie, keys);
        });
        return before.stream()
                .filter(r -> keptKeys.containsKey(r.cookie())
                        && !keptKeys.get(r.cookie()).contains(r.key()))
                .toList();
    }

    /** The switch's wirings as the commit leaves them. */
    Map<Long, ConnectionManager.Installed> wiredAfter() {
        return wired;
    }
}
