package org.flowstream.resource.scaleout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which units a group change moves (docs/migration.md, "Scale-out"), by each unit's measured load ({@link UnitRates},
 * packets per second): a scale-out moves the set of the busiest member's units whose load is closest to half of the
 * member's, never all of them; a scale-in gives each unit of the drained member to the member with the least load,
 * counting what it has been given. Without a rate for every unit concerned (a fresh group, a restarted daemon) both
 * choose by count, as before the units were measured, and say so.
 */
public final class UnitChoice {

    /**
     * Up to this many units, a scale-out tries every set (2^16 sums); above, it takes the busiest units first while
     * each brings the sum closer to half.
     */
    static final int EVERY_SET_UP_TO = 16;

    /** The units a scale-out moves and how they were chosen, in words for the task's reason and outcome. */
    public record Pick(List<String> units, String how) {}

    /** Each drained unit's new member (unit to instance, in the order to move them) and how, in words. */
    public record Spread(Map<String, String> targets, String how) {}

    private UnitChoice() {}

    /**
     * The units of a member (at least two) that a new member takes. Ties between sets equally close to half go to
     * the set of fewer units (fewer moves), then to the one with the lowest prefix, so that a choice repeats.
     *
     * @param rates packets per second of the units measured so far
     */
    public static Pick toMoveOut(List<String> units, Map<String, Double> rates) {
        if (units.size() < 2) {
            throw new IllegalArgumentException("a member needs two units to give some away, has " + units);
        }
        List<String> ordered = units.stream().sorted(UnitRates::byPrefix).toList();
        if (!rates.keySet().containsAll(ordered)) {
            return new Pick(
                    units.subList(0, units.size() / 2),
                    "by count, half its units: no load measured yet for " + unmeasured(ordered, rates));
        }
        long[] load = ordered.stream().mapToLong(u -> milli(rates.get(u))).toArray();
        long total = java.util.Arrays.stream(load).sum();
        boolean[] chosen = ordered.size() <= EVERY_SET_UP_TO ? closestSet(load, total) : busiestFirst(load, total);
        List<String> moving = new ArrayList<>();
        long moved = 0;
        for (int i = 0; i < ordered.size(); i++) {
            if (chosen[i]) {
                moving.add(ordered.get(i));
                moved += load[i];
            }
        }
        return new Pick(
                moving,
                "by measured load: %s of its %s packets/s, the set nearest half"
                        .formatted(perSecond(moved), perSecond(total)));
    }

    /**
     * Where each unit of {@code drain} goes: the member among {@code others} with the least load, counting the units
     * it has been given; the busiest units are placed first, ties go to the member with fewer units, then the older.
     */
    public static Spread spreadIn(GroupState.Member drain, List<GroupState.Member> others, Map<String, Double> rates) {
        List<String> concerned = new ArrayList<>(drain.units());
        others.forEach(m -> concerned.addAll(m.units()));
        boolean measured = rates.keySet().containsAll(concerned);
        Map<String, Long> loads = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (GroupState.Member m : others) {
            loads.put(
                    m.instance(),
                    measured
                            ? m.units().stream()
                                    .mapToLong(u -> milli(rates.get(u)))
                                    .sum()
                            : 0);
            counts.put(m.instance(), m.units().size());
        }
        Comparator<String> busiestFirst = measured
                ? Comparator.<String>comparingLong(u -> -milli(rates.get(u))).thenComparing(UnitRates::byPrefix)
                : (a, b) -> 0; // by count: in the member's order, as before
        Map<String, String> targets = new LinkedHashMap<>();
        for (String unit : drain.units().stream().sorted(busiestFirst).toList()) {
            GroupState.Member to = others.stream()
                    .min(Comparator.<GroupState.Member>comparingLong(m -> loads.get(m.instance()))
                            .thenComparingInt(m -> counts.get(m.instance())))
                    .orElseThrow(
                            () -> new IllegalArgumentException("a drained member needs another to take its units"));
            targets.put(unit, to.instance());
            loads.merge(to.instance(), measured ? milli(rates.get(unit)) : 0, Long::sum);
            counts.merge(to.instance(), 1, Integer::sum);
        }
        return new Spread(
                targets,
                measured
                        ? "each unit to the member with the least measured load"
                        : "each unit to the member with the fewest units: no load measured yet for "
                                + unmeasured(concerned, rates));
    }

    /** Of every set but none and all, the one whose load is nearest half the total. */
    private static boolean[] closestSet(long[] load, long total) {
        long best = 0;
        long bestDistance = Long.MAX_VALUE;
        for (long set = 1; set < (1L << load.length) - 1; set++) {
            long sum = 0;
            for (int i = 0; i < load.length; i++) {
                sum += (set >> i & 1) * load[i];
            }
            long distance = Math.abs(2 * sum - total);
            if (distance < bestDistance || distance == bestDistance && before(set, best)) {
                best = set;
                bestDistance = distance;
            }
        }
        boolean[] chosen = new boolean[load.length];
        for (int i = 0; i < load.length; i++) {
            chosen[i] = (best >> i & 1) == 1;
        }
        return chosen;
    }

    /** Whether set {@code a} wins a tie with {@code b}: fewer units, else it holds the lower first unit they differ on. */
    private static boolean before(long a, long b) {
        if (Long.bitCount(a) != Long.bitCount(b)) {
            return Long.bitCount(a) < Long.bitCount(b);
        }
        return (Long.lowestOneBit(a ^ b) & a) != 0;
    }

    /** The busiest units first, each taken while it brings the sum closer to half (at least one, never all). */
    private static boolean[] busiestFirst(long[] load, long total) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < load.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingLong(i -> -load[i]).thenComparingInt(i -> i));
        boolean[] chosen = new boolean[load.length];
        chosen[order.get(0)] = true;
        long sum = load[order.get(0)];
        // Only strictly closer: with every other unit taken, the last would take the sum from |total - 2 * its load|
        // away to total away, never closer, so the set is never all.
        for (int i : order.subList(1, order.size())) {
            if (Math.abs(2 * (sum + load[i]) - total) < Math.abs(2 * sum - total)) {
                chosen[i] = true;
                sum += load[i];
            }
        }
        return chosen;
    }

    /** A rate in thousandths of a packet per second, so that sums compare exactly. */
    private static long milli(double packetsPerSecond) {
        return Math.round(packetsPerSecond * 1000);
    }

    private static String perSecond(long milli) {
        return "%.0f".formatted(milli / 1000.0);
    }

    private static String unmeasured(List<String> units, Map<String, Double> rates) {
        return String.join(
                ", ", units.stream().filter(u -> !rates.containsKey(u)).toList());
    }
}
