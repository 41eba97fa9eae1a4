package org.flowstream.placement.feasibility;

import java.util.ArrayList;
import java.util.List;

/**
 * A dual feasible function for bin packing: it maps item sizes to values such that items that fit
 * together in one bin never add up to more than 1. So the values of all items are a lower bound on
 * the number of bins. Values are exact fractions with denominator {@link #denominator(long)}, so a
 * bound never rests on rounding.
 *
 * <ul>
 * <li>{@code threshold(p)} (Fekete-Schepers f0 with lambda = p/20): an item above (1 - lambda) of the
 * bin counts 1, one of at least lambda counts its size, a smaller one nothing.</li>
 * <li>{@code steps(k)} (Fekete-Schepers u^(k)): an item counts floor((k+1) size / bin) / k, or its
 * exact size where that is whole: with k = 2, an item above a third of the bin counts one half, above
 * two thirds one.</li>
 * </ul>
 */
public record DualFeasibleFunction(Kind kind, int parameter) {
    public enum Kind {
        THRESHOLD,
        STEPS
    }

    /** λ = p/20 for {@code THRESHOLD}. */
    private static final int TWENTIETHS = 20;

    /** The family the split-packing bound tries, cheapest-to-explain first. */
    public static List<DualFeasibleFunction> family() {
        List<DualFeasibleFunction> all = new ArrayList<>();
        for (int p = 4; p <= 10; p++) all.add(new DualFeasibleFunction(Kind.THRESHOLD, p));
        for (int k = 2; k <= 4; k++) all.add(new DualFeasibleFunction(Kind.STEPS, k));
        return all;
    }

    /** Values are numerators over this denominator. */
    public long denominator(long capacity) {
        return kind == Kind.STEPS ? parameter * capacity : capacity;
    }

    /** The value of an item of {@code size} in a bin of {@code capacity}, over {@link #denominator(long)}. */
    public long value(long size, long capacity) {
        return switch (kind) {
            case THRESHOLD -> {
                if (TWENTIETHS * size > (long) (TWENTIETHS - parameter) * capacity) yield capacity;
                if (TWENTIETHS * size < (long) parameter * capacity) yield 0;
                yield size;
            }
            case STEPS -> {
                long scaled = (parameter + 1) * size;
                yield scaled % capacity == 0 ? size * parameter : (scaled / capacity) * capacity;
            }
        };
    }

    /**
     * No value exceeds this many times the item's share of the bin: if that many times the total
     * size fits into the bins, the function cannot prove anything and need not be tried.
     */
    double maxRatio() {
        return kind == Kind.STEPS ? (parameter + 1.0) / parameter : TWENTIETHS / (double) (TWENTIETHS - parameter);
    }

    /** The rule in words, for the explanation of an infeasibility. */
    public String describe(long capacity, String unit, long unitSize, String bin) {
        return switch (kind) {
            case THRESHOLD ->
                String.format(
                        "a load above %d %s takes a whole %s, one of %d-%d %s counts its share, smaller ones nothing",
                        capacity * (TWENTIETHS - parameter) / TWENTIETHS / unitSize,
                        unit,
                        bin,
                        capacity * parameter / TWENTIETHS / unitSize,
                        capacity * (TWENTIETHS - parameter) / TWENTIETHS / unitSize,
                        unit);
            case STEPS ->
                String.format(
                        "a load counts floor(%d x its share) / %d of a %s (so one above %d %s counts 1/%d, one above %d %s a whole %s)",
                        parameter + 1,
                        parameter,
                        bin,
                        capacity / (parameter + 1) / unitSize,
                        unit,
                        parameter,
                        capacity * parameter / (parameter + 1) / unitSize,
                        unit,
                        bin);
        };
    }
}
