package org.flowstream.balancer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.flowstream.contracts.net.Ipv4Prefix;

/**
 * Result of the balancer: disjoint prefixes, each assigned to one machine, and a default machine
 * that keeps every address no assigned prefix covers (its low-priority catch-all rules, §2.2.6).
 * Immutable.
 */
public final class Assignment {

    private final String defaultMachine;
    /** The assigned prefixes, sorted on first use (the balancer's hot path never needs the order). */
    private Map<Ipv4Prefix, String> unsorted;

    private java.util.function.Supplier<Map<Ipv4Prefix, String>> pending;
    private final int size;
    private TreeMap<Ipv4Prefix, String> prefixes;
    /** Every proper ancestor of an assigned prefix: lets tree walks tell "mixed" nodes apart. Built on first use. */
    private Set<Ipv4Prefix> ancestors;

    public Assignment(String defaultMachine, Map<Ipv4Prefix, String> prefixes) {
        this(defaultMachine, new TreeMap<>(prefixes), true);
    }

    /** For the balancer, whose prefixes are leaves of one tree and so never overlap. */
    Assignment(String defaultMachine, Map<Ipv4Prefix, String> prefixes, boolean check) {
        if (defaultMachine == null) throw new IllegalArgumentException("a default machine is required");
        this.defaultMachine = defaultMachine;
        this.unsorted = prefixes;
        this.size = prefixes.size();
        if (check) {
            Ipv4Prefix previous = null;
            for (Ipv4Prefix p : sorted().keySet()) {
                if (previous != null && previous.contains(p)) {
                    throw new IllegalArgumentException("assigned prefixes overlap: " + previous + " and " + p);
                }
                previous = p;
            }
        }
    }

    /**
     * For the balancer: {@code size} prefixes that {@code build} turns into a map on first use. The
     * balancer's own data are arrays; most callers of a run (benchmarks, imbalance checks of a
     * fresh run) never need the map, so its cost is not paid inside the run.
     */
    Assignment(String defaultMachine, int size, java.util.function.Supplier<Map<Ipv4Prefix, String>> build) {
        if (defaultMachine == null) throw new IllegalArgumentException("a default machine is required");
        this.defaultMachine = defaultMachine;
        this.size = size;
        this.pending = build;
    }

    private synchronized Map<Ipv4Prefix, String> unsorted() {
        if (unsorted == null) {
            unsorted = pending.get();
            pending = null;
        }
        return unsorted;
    }

    private synchronized TreeMap<Ipv4Prefix, String> sorted() {
        if (prefixes == null) {
            Map<Ipv4Prefix, String> u = unsorted();
            prefixes = u instanceof TreeMap<Ipv4Prefix, String> t ? t : new TreeMap<>(u);
        }
        return prefixes;
    }

    private synchronized Set<Ipv4Prefix> ancestors() {
        if (ancestors == null) {
            Set<Ipv4Prefix> s = new HashSet<>();
            for (Ipv4Prefix p : unsorted().keySet()) {
                for (Ipv4Prefix a = p; a.length() > 0; ) {
                    a = a.parent();
                    if (!s.add(a)) break;
                }
            }
            ancestors = s;
        }
        return ancestors;
    }

    public String defaultMachine() {
        return defaultMachine;
    }

    /** Assigned prefixes (not including the default machine's catch-all), sorted by address. */
    public Map<Ipv4Prefix, String> prefixes() {
        return Collections.unmodifiableMap(sorted());
    }

    /** Assigned prefixes plus the catch-all: what Fig. 2.3/2.4 of §2.2.7 count. */
    public int prefixCount() {
        return size + 1;
    }

    /** The machine that processes traffic of this address. */
    public String owner(int address) {
        Map.Entry<Ipv4Prefix, String> e = sorted().floorEntry(new Ipv4Prefix(address, 32));
        if (e != null && e.getKey().contains(address)) return e.getValue();
        return defaultMachine;
    }

    /** Owner of a whole prefix, or null if parts of it go to different machines. */
    String ownerOfWhole(Ipv4Prefix p) {
        for (Ipv4Prefix a = p; ; a = a.parent()) {
            String o = unsorted().get(a);
            if (o != null) return o;
            if (a.length() == 0) break;
        }
        return ancestors().contains(p) ? null : defaultMachine;
    }

    /** The leaves of the tree that nobody is assigned: the default machine's share. */
    public List<Ipv4Prefix> unassignedLeaves() {
        List<Ipv4Prefix> out = new ArrayList<>();
        collectUnassigned(Ipv4Prefix.ROOT, out);
        return out;
    }

    private void collectUnassigned(Ipv4Prefix p, List<Ipv4Prefix> out) {
        if (unsorted().containsKey(p)) return;
        if (!ancestors().contains(p)) {
            out.add(p);
            return;
        }
        collectUnassigned(p.left(), out);
        collectUnassigned(p.right(), out);
    }

    /** Load of every machine (machines with nothing get 0). */
    public Map<String, Double> machineLoads(PrefixLoads loads, List<Machine> machines) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Machine mc : machines) m.put(mc.name(), 0.0);
        double assigned = 0;
        for (Map.Entry<Ipv4Prefix, String> e : unsorted().entrySet()) {
            double l = loads.load(e.getKey());
            assigned += l;
            m.merge(e.getValue(), l, Double::sum);
        }
        m.merge(defaultMachine, Math.max(0, loads.total() - assigned), Double::sum);
        return m;
    }

    /** Number of prefixes assigned to each machine (the default machine's catch-all counts as one). */
    public Map<String, Integer> prefixesPerMachine() {
        Map<String, Integer> m = new HashMap<>();
        for (String o : unsorted().values()) m.merge(o, 1, Integer::sum);
        m.merge(defaultMachine, 1, Integer::sum);
        return m;
    }

    /**
     * §2.2.4's imbalance: the proportionally most overworked machine's load over the load it was
     * supposed to have (its share of the total, proportional to its capacity).
     */
    public double imbalance(PrefixLoads loads, List<Machine> machines) {
        return Imbalance.of(machineLoads(loads, machines), machines, loads.total());
    }

    /** Assigned prefixes (with owner) present here but not in {@code before}: rules to (re)write. */
    public int changedPrefixes(Assignment before) {
        int n = 0;
        for (Map.Entry<Ipv4Prefix, String> e : unsorted().entrySet()) {
            if (!e.getValue().equals(before.unsorted().get(e.getKey()))) n++;
        }
        for (Ipv4Prefix p : before.unsorted().keySet()) {
            if (!unsorted().containsKey(p)) n++;
        }
        return n;
    }

    /** Traffic that is processed by a different machine here than in {@code before}. */
    public double movedLoad(Assignment before, PrefixLoads loads) {
        return moved(Ipv4Prefix.ROOT, before, loads);
    }

    private double moved(Ipv4Prefix p, Assignment before, PrefixLoads loads) {
        String a = ownerOfWhole(p);
        String b = before.ownerOfWhole(p);
        if (a != null && b != null) return a.equals(b) ? 0 : loads.load(p);
        return moved(p.left(), before, loads) + moved(p.right(), before, loads);
    }

    @Override
    public String toString() {
        return "Assignment{default=" + defaultMachine + ", prefixes=" + sorted() + "}";
    }
}
