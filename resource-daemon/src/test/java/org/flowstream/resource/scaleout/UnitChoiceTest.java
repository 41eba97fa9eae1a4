package org.flowstream.resource.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Which units a group change moves: by measured load where every unit is measured, else by count as before. */
class UnitChoiceTest {

    private static final String Q0 = "10.81.0.0/26";
    private static final String Q1 = "10.81.0.64/26";
    private static final String Q2 = "10.81.0.128/26";
    private static final String BUSY = "10.81.0.192/26";
    private static final List<String> FOUR = List.of(Q0, Q1, Q2, BUSY);

    @Test
    void aScaleOutMovesTheBusyUnitWhereTheFirstHalfByCountHoldsOnlyQuietOnes() {
        UnitChoice.Pick pick = UnitChoice.toMoveOut(FOUR, Map.of(Q0, 50.0, Q1, 40.0, Q2, 60.0, BUSY, 1000.0));

        // {BUSY} and the three quiet units are equally near half (575 of 1,150): the set of fewer units wins.
        assertThat(pick.units()).containsExactly(BUSY);
        assertThat(pick.how()).isEqualTo("by measured load: 1000 of its 1150 packets/s, the set nearest half");
    }

    @Test
    void aScaleOutMovesTheSetNearestHalfNotTheBusiestUnitAlone() {
        Map<String, Double> rates = Map.of(Q0, 600.0, Q1, 500.0, Q2, 400.0, BUSY, 300.0);

        // Half of 1,800 is 900: 600 + 300 and 500 + 400 both hit it; the set holding the lower prefix wins.
        assertThat(UnitChoice.toMoveOut(FOUR, rates).units()).containsExactly(Q0, BUSY);
    }

    @Test
    void tiesGoToFewerUnitsThenToTheLowerPrefixWhateverTheOrderTheMemberListsThem() {
        Map<String, Double> even = Map.of(Q0, 100.0, Q1, 100.0, Q2, 100.0, BUSY, 100.0);

        assertThat(UnitChoice.toMoveOut(FOUR, even).units()).containsExactly(Q0, Q1);
        assertThat(UnitChoice.toMoveOut(List.of(BUSY, Q2, Q1, Q0), even).units())
                .containsExactly(Q0, Q1);
        // Two units are always equally near half: the lower prefix moves, in either order.
        assertThat(UnitChoice.toMoveOut(List.of(BUSY, Q0), Map.of(Q0, 1.0, BUSY, 900.0))
                        .units())
                .containsExactly(Q0);
        assertThat(UnitChoice.toMoveOut(List.of(Q0, BUSY), Map.of(Q0, 1.0, BUSY, 900.0))
                        .units())
                .containsExactly(Q0);
    }

    @Test
    void idleUnitsMoveOneNotAll() {
        Map<String, Double> idle = Map.of(Q0, 0.0, Q1, 0.0, Q2, 0.0, BUSY, 0.0);

        assertThat(UnitChoice.toMoveOut(FOUR, idle).units()).containsExactly(Q0);
    }

    @Test
    void withoutAMeasureOfEveryUnitAScaleOutTakesTheFirstHalfByCountAndSaysSo() {
        UnitChoice.Pick pick = UnitChoice.toMoveOut(FOUR, Map.of(BUSY, 1000.0, Q0, 5.0));

        assertThat(pick.units()).containsExactly(Q0, Q1);
        assertThat(pick.how()).contains("by count", "no load measured yet for 10.81.0.64/26, 10.81.0.128/26");
        assertThatThrownBy(() -> UnitChoice.toMoveOut(List.of(Q0), Map.of(Q0, 1.0)))
                .hasMessageContaining("needs two units");
    }

    @Test
    void manyUnitsAreChosenBusiestFirstNeverAllAndNearHalf() {
        Random random = new Random(20261207);
        for (int round = 0; round < 200; round++) {
            int n = UnitChoice.EVERY_SET_UP_TO + 1 + random.nextInt(48);
            List<String> units = new ArrayList<>();
            Map<String, Double> rates = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String unit = "10.%d.%d.0/24".formatted(i / 256, i % 256);
                units.add(unit);
                rates.put(unit, random.nextInt(4) == 0 ? 0.0 : random.nextDouble() * 1000);
            }
            List<String> moving = UnitChoice.toMoveOut(units, rates).units();

            double total =
                    rates.values().stream().mapToDouble(Double::doubleValue).sum();
            double moved = moving.stream().mapToDouble(rates::get).sum();
            double biggest = rates.values().stream()
                    .mapToDouble(Double::doubleValue)
                    .max()
                    .orElseThrow();
            assertThat(moving).isNotEmpty().hasSizeLessThan(n);
            // Greedy from the busiest: within half the biggest unit of half, or the biggest alone when it is over.
            assertThat(Math.abs(moved - total / 2))
                    .isLessThanOrEqualTo(Math.max(biggest / 2, biggest - total / 2) + 0.1);
        }
    }

    @Test
    void manyUnitsWithOneBusyAndTheRestIdleMoveTheBusyOneNotAll() {
        List<String> units = new ArrayList<>();
        Map<String, Double> rates = new LinkedHashMap<>();
        for (int i = 0; i <= UnitChoice.EVERY_SET_UP_TO; i++) {
            units.add("10.0.%d.0/24".formatted(i));
            rates.put(units.get(i), i == 5 ? 1000.0 : 0.0);
        }

        assertThat(UnitChoice.toMoveOut(units, rates).units()).containsExactly("10.0.5.0/24");
    }

    @Test
    void aScaleInGivesEachUnitToTheLeastLoadedMemberCountingWhatItWasGiven() {
        GroupState.Member drain = new GroupState.Member("nat-3", "mh1", List.of(Q0, Q1, Q2));
        GroupState.Member light = new GroupState.Member("nat", "mh1", List.of("10.81.1.0/26", "10.81.1.64/26"));
        GroupState.Member heavy = new GroupState.Member("nat-2", "mh2", List.of(BUSY));
        Map<String, Double> rates =
                Map.of(Q0, 300.0, Q1, 100.0, Q2, 250.0, BUSY, 500.0, "10.81.1.0/26", 100.0, "10.81.1.64/26", 50.0);

        UnitChoice.Spread spread = UnitChoice.spreadIn(drain, List.of(light, heavy), rates);

        // The busiest first: Q0 (300) to nat (150, then 450); Q2 (250) to nat again (450 against nat-2's 500, then
        // 700); Q1 (100) to nat-2 (500, then 600).
        assertThat(spread.targets())
                .containsExactly(Map.entry(Q0, "nat"), Map.entry(Q2, "nat"), Map.entry(Q1, "nat-2"));
        assertThat(spread.how()).isEqualTo("each unit to the member with the least measured load");
    }

    @Test
    void withoutAMeasureOfEveryUnitAScaleInGivesEachUnitToTheMemberWithTheFewestAndSaysSo() {
        GroupState.Member drain = new GroupState.Member("nat-3", "mh1", List.of(Q0, Q1, Q2));
        GroupState.Member two = new GroupState.Member("nat", "mh1", List.of("10.81.1.0/26", "10.81.1.64/26"));
        GroupState.Member one = new GroupState.Member("nat-2", "mh2", List.of(BUSY));

        UnitChoice.Spread spread = UnitChoice.spreadIn(drain, List.of(two, one), Map.of(BUSY, 900.0));

        // nat-2 has 1, then 2 (ties go to the older member, nat), then nat has 3 against 2.
        assertThat(spread.targets())
                .containsExactly(Map.entry(Q0, "nat-2"), Map.entry(Q1, "nat"), Map.entry(Q2, "nat-2"));
        assertThat(spread.how()).contains("fewest units", "no load measured yet for " + Q0);
    }
}
