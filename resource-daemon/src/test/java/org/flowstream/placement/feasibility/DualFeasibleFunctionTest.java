package org.flowstream.placement.feasibility;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DualFeasibleFunctionTest {

    /** Every multiset of whole item sizes that fits one bin must have values summing to at most one bin. */
    @Test
    void itemsThatFitOneBinNeverCountMoreThanOneBin() {
        for (long capacity : new long[] {20, 24}) {
            for (DualFeasibleFunction f : DualFeasibleFunction.family()) {
                assertThat(worstFit(f, capacity, capacity, capacity, 0))
                        .as("%s, bin %d", f, capacity)
                        .isLessThanOrEqualTo(f.denominator(capacity));
            }
        }
    }

    /** The largest value sum over item multisets (sizes non-increasing, at most {@code largest}) filling at most {@code room}. */
    private static long worstFit(DualFeasibleFunction f, long capacity, long room, long largest, long sum) {
        long worst = sum;
        for (long size = Math.min(room, largest); size >= 1; size--) {
            worst = Math.max(worst, worstFit(f, capacity, room - size, size, sum + f.value(size, capacity)));
        }
        return worst;
    }

    @Test
    void valuesFollowTheirRules() {
        DualFeasibleFunction threshold =
                new DualFeasibleFunction(DualFeasibleFunction.Kind.THRESHOLD, 7); // lambda 0.35
        assertThat(threshold.value(660, 1000)).isEqualTo(1000);
        assertThat(threshold.value(650, 1000)).isEqualTo(650);
        assertThat(threshold.value(350, 1000)).isEqualTo(350);
        assertThat(threshold.value(349, 1000)).isZero();
        DualFeasibleFunction halves = new DualFeasibleFunction(DualFeasibleFunction.Kind.STEPS, 2);
        assertThat(halves.denominator(1000)).isEqualTo(2000);
        assertThat(halves.value(334, 1000)).isEqualTo(1000); // one half of 2000
        assertThat(halves.value(667, 1000)).isEqualTo(2000);
        assertThat(halves.value(300, 1000)).isZero();
        assertThat(threshold.describe(1_000_000_000L, "Mbps", 1_000_000L, "downlink"))
                .contains("above 650 Mbps takes a whole downlink")
                .contains("350-650 Mbps");
    }
}
