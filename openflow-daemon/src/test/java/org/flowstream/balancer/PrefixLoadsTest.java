package org.flowstream.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.junit.jupiter.api.Test;

class PrefixLoadsTest {

    @Test
    void answersAnyPrefixFromMeasuredSubPrefixes() {
        PrefixLoads l = PrefixLoads.of(Map.of(
                Ipv4Prefix.parse("10.0.0.0/16"), 100.0,
                Ipv4Prefix.parse("10.1.0.0/16"), 50.0,
                Ipv4Prefix.parse("200.0.0.0/8"), 10.0));
        assertThat(l.total()).isEqualTo(160.0);
        assertThat(l.load(Ipv4Prefix.parse("10.0.0.0/8"))).isEqualTo(150.0);
        assertThat(l.load(Ipv4Prefix.parse("10.0.0.0/15"))).isEqualTo(150.0);
        assertThat(l.load(Ipv4Prefix.parse("10.1.0.0/16"))).isEqualTo(50.0);
        assertThat(l.load(Ipv4Prefix.ROOT.right())).isEqualTo(10.0);
        // Inside a measured prefix, traffic is taken as even.
        assertThat(l.load(Ipv4Prefix.parse("10.0.0.0/17"))).isEqualTo(50.0);
        assertThat(l.load(Ipv4Prefix.parse("10.0.0.0/24"))).isCloseTo(100.0 / 256, within(1e-12));
        assertThat(l.load(Ipv4Prefix.parse("11.0.0.0/8"))).isZero();
    }

    @Test
    void sumsOnTheFinerPartition() {
        PrefixLoads a = PrefixLoads.of(Map.of(Ipv4Prefix.parse("10.0.0.0/8"), 80.0));
        PrefixLoads b =
                PrefixLoads.of(Map.of(Ipv4Prefix.parse("10.0.0.0/9"), 20.0, Ipv4Prefix.parse("11.0.0.0/8"), 5.0));
        PrefixLoads s = a.plus(b);
        assertThat(s.total()).isCloseTo(105.0, within(1e-9));
        assertThat(s.load(Ipv4Prefix.parse("10.0.0.0/9"))).isCloseTo(60.0, within(1e-9));
        assertThat(s.load(Ipv4Prefix.parse("10.128.0.0/9"))).isCloseTo(40.0, within(1e-9));
        assertThat(s.scaled(2).total()).isCloseTo(210.0, within(1e-9));
    }

    @Test
    void refusesOverlapAndNegativeLoad() {
        assertThatThrownBy(() -> PrefixLoads.of(
                        Map.of(Ipv4Prefix.parse("10.0.0.0/8"), 1.0, Ipv4Prefix.parse("10.1.0.0/16"), 1.0)))
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> PrefixLoads.of(Map.of(Ipv4Prefix.parse("10.0.0.0/8"), -1.0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loadsOfRandomPrefixesMatchABruteForceSum() {
        // Skewed layout: most measured /24s packed in one /8, a few spread elsewhere.
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        java.util.TreeMap<Long, Double> buckets = new java.util.TreeMap<>();
        for (int i = 0; i < 3000; i++) buckets.put((10L << 16) | r.nextInt(1 << 16), 1.0 + r.nextInt(100));
        for (int i = 0; i < 300; i++) buckets.put((long) r.nextInt(1 << 24), 1.0 + r.nextInt(100));
        long[] idx = buckets.keySet().stream().mapToLong(Long::longValue).toArray();
        double[] load =
                buckets.values().stream().mapToDouble(Double::doubleValue).toArray();
        PrefixLoads l = PrefixLoads.ofBuckets(24, idx, load);
        for (int i = 0; i < 2000; i++) {
            int len = r.nextInt(25);
            Ipv4Prefix p = Ipv4Prefix.of(i % 2 == 0 ? (10 << 24) | r.nextInt(1 << 24) : r.nextInt(), len);
            double expected = 0;
            for (int k = 0; k < idx.length; k++) {
                if (p.contains((int) (idx[k] << 8))) expected += load[k];
            }
            assertThat(l.load(p)).as("%s", p).isCloseTo(expected, within(1e-6));
        }
    }
}
