package org.flowstream.offload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Traffic-aware Flow Offloading (§2.4.2.2): picks the heavy hitters that get switch forwarding
 * rules; everything else stays on the software path. Each round:
 * <ol>
 * <li>pre-select: take the top keys of each time scale in turn (round robin) until there are n;</li>
 * <li>diff the pre-selection with what is installed: candidate additions and removals;</li>
 * <li>sort additions by decreasing and removals by increasing share on the shortest scale;</li>
 * <li>swap pairwise while the addition's share beats the removal's by the factor (2 by default).</li>
 * </ol>
 * Free room (fewer than n installed) is filled without a swap. The factor makes installed heavy
 * hitters sticky, which is what keeps churn low; a key that suddenly ranks high still gets in
 * within one round. Not thread-safe.
 */
public final class TfoSelector<K> {

    public static final double DEFAULT_FACTOR = 2.0;

    private final int capacity;
    private final double factor;
    private final Set<K> installed = new LinkedHashSet<>();

    /**
     * @param capacity n, the number of forwarding entries the switch gives the offload
     * @param factor   how much larger an addition's share must be than the removal's it replaces
     */
    public TfoSelector(int capacity, double factor) {
        if (capacity < 0) throw new IllegalArgumentException("capacity must be >= 0");
        if (!(factor >= 1)) throw new IllegalArgumentException("factor must be >= 1, got " + factor);
        this.capacity = capacity;
        this.factor = factor;
    }

    public TfoSelector(int capacity) {
        this(capacity, DEFAULT_FACTOR);
    }

    public int capacity() {
        return capacity;
    }

    /** The keys currently offloaded to the switch. */
    public Set<K> offloaded() {
        return Collections.unmodifiableSet(installed);
    }

    public boolean isOffloaded(K key) {
        return installed.contains(key);
    }

    /**
     * Takes keys as installed without a selection round, e.g. the set a restarted daemon had on the
     * switch; beyond the capacity they are ignored. They compete from the next round on like any other.
     */
    public void restore(Iterable<K> keys) {
        for (K k : keys) {
            if (installed.size() >= capacity) break;
            installed.add(k);
        }
    }

    /**
     * Removes installed keys that saw no traffic on any time scale (the statistics forgot them): their
     * rules carry nothing. The selection itself never does this, since an idle entry costs nothing
     * while no heavier key wants its place; a live switch wants its table free of dead entries.
     */
    public List<K> retireIdle(TrafficStatistics<K> stats) {
        List<K> idle = new ArrayList<>();
        for (K k : installed) {
            boolean quiet = true;
            for (int s = 0; s < stats.scales() && quiet; s++) quiet = stats.share(k, s) == 0;
            if (quiet) idle.add(k);
        }
        idle.forEach(installed::remove);
        return idle;
    }

    /** One selection round on fresh statistics; applies and returns the changes. */
    public OffloadDelta<K> update(TrafficStatistics<K> stats) {
        // 1. Round-robin pre-selection over the time scales.
        Set<K> pre = new LinkedHashSet<>();
        int scales = stats.scales();
        List<List<K>> rankings = new ArrayList<>(scales);
        for (int s = 0; s < scales; s++) rankings.add(stats.ranking(s, capacity));
        int[] pos = new int[scales];
        boolean progress = true;
        while (pre.size() < capacity && progress) {
            progress = false;
            for (int s = 0; s < scales && pre.size() < capacity; s++) {
                List<K> r = rankings.get(s);
                while (pos[s] < r.size() && !pre.add(r.get(pos[s]))) pos[s]++;
                if (pos[s] < r.size()) {
                    pos[s]++;
                    progress = true;
                }
            }
        }
        // 2. Difference with what is installed.
        List<K> add = new ArrayList<>();
        for (K k : pre) if (!installed.contains(k)) add.add(k);
        List<K> remove = new ArrayList<>();
        for (K k : installed) if (!pre.contains(k)) remove.add(k);
        // 3. Sort by share on the shortest scale, in inverse orders.
        Comparator<K> byShare = Comparator.comparingDouble(k -> stats.share(k, 0));
        add.sort(byShare.reversed());
        remove.sort(byShare);

        List<K> accepted = new ArrayList<>();
        List<K> removed = new ArrayList<>();
        // More installed than allowed (capacity shrank): drop the weakest.
        int over = installed.size() - capacity;
        for (int i = 0; i < over && i < remove.size(); i++) removed.add(remove.get(i));
        int ri = removed.size();
        int room = capacity - (installed.size() - removed.size());
        int ai = 0;
        for (; ai < add.size() && room > 0; ai++, room--) accepted.add(add.get(ai));
        // 4. Swap only when the addition is much heavier than what it replaces.
        Set<K> dropped = new HashSet<>(removed);
        for (; ai < add.size() && ri < remove.size(); ai++, ri++) {
            K a = add.get(ai);
            K r = remove.get(ri);
            if (stats.share(a, 0) > factor * stats.share(r, 0)) {
                accepted.add(a);
                removed.add(r);
                dropped.add(r);
            } else {
                break; // the lists are sorted: no later pair can pass either
            }
        }
        installed.removeAll(dropped);
        installed.addAll(accepted);
        return new OffloadDelta<>(accepted, removed);
    }
}
