package org.flowstream.offload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MultiTimescaleStatisticsTest {

    @Test
    void shortScaleIsTheLastIntervalLongScaleRemembers() {
        MultiTimescaleStatistics<String> s = new MultiTimescaleStatistics<>(1, 10);
        s.add("a", 90);
        s.add("b", 10);
        s.endInterval();
        s.add("b", 100);
        s.endInterval();
        assertThat(s.share("b", 0)).isCloseTo(1.0, within(1e-12));
        assertThat(s.share("a", 0)).isZero();
        assertThat(s.ranking(0, 10)).containsExactly("b");
        // Long scale: a = 90*0.1*0.9 = 8.1, b = 10*0.1*0.9 + 100*0.1 = 10.9
        assertThat(s.ranking(1, 10)).containsExactly("b", "a");
        assertThat(s.share("a", 1)).isCloseTo(8.1 / 19.0, within(1e-9));
        assertThat(s.ranking(1, 1)).containsExactly("b");
        assertThat(s.share("zzz", 1)).isZero();
    }

    @Test
    void forgetsKeysThatWentQuietOnEveryScale() {
        MultiTimescaleStatistics<Integer> s = new MultiTimescaleStatistics<>(1, 2);
        s.add(1, 1);
        s.endInterval();
        assertThat(s.size()).isEqualTo(1);
        for (int i = 0; i < 40; i++) s.endInterval();
        assertThat(s.size()).isZero();
        s.add(2, 5); // slots are reused
        s.endInterval();
        assertThat(s.ranking(0, 5)).containsExactly(2);
    }

    @Test
    void rankingOfManyKeysMatchesAFullSort() {
        MultiTimescaleStatistics<Integer> s = new MultiTimescaleStatistics<>(1);
        SplittableRandom r = new SplittableRandom(3);
        double[] v = new double[5000];
        for (int k = 0; k < v.length; k++) {
            v[k] = 1 + r.nextInt(1_000_000);
            s.add(k, v[k]);
        }
        s.endInterval();
        Integer[] expected = new Integer[v.length];
        for (int k = 0; k < v.length; k++) expected[k] = k;
        Arrays.sort(
                expected,
                (a, b) -> Float.compare((float) v[b], (float) v[a]) != 0
                        ? Float.compare((float) v[b], (float) v[a])
                        : Integer.compare(a, b));
        assertThat(s.ranking(0, 100)).containsExactly(Arrays.copyOf(expected, 100));
    }

    @Test
    void quickSelectPutsTheKthInPlace() {
        SplittableRandom r = new SplittableRandom(5);
        for (int round = 0; round < 50; round++) {
            long[] a = new long[1 + r.nextInt(300)];
            for (int i = 0; i < a.length; i++) a[i] = r.nextInt(50);
            long[] sorted = a.clone();
            Arrays.sort(sorted);
            int k = r.nextInt(a.length);
            MultiTimescaleStatistics.select(a, 0, a.length - 1, k);
            assertThat(a[k]).isEqualTo(sorted[k]);
            for (int i = 0; i < k; i++) assertThat(a[i]).isLessThanOrEqualTo(a[k]);
            for (int i = k + 1; i < a.length; i++) assertThat(a[i]).isGreaterThanOrEqualTo(a[k]);
        }
    }
}
