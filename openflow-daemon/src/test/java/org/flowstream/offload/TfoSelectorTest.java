package org.flowstream.offload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TfoSelectorTest {

    @Test
    void preSelectsRoundRobinOverTimeScales() {
        TfoSelector<String> s = new TfoSelector<>(4);
        FixedStatistics st = new FixedStatistics()
                .scale("a", 0.4, "b", 0.3, "c", 0.2)
                .scale("d", 0.5, "a", 0.3, "e", 0.1, "f", 0.05);
        OffloadDelta<String> d = s.update(st);
        // a (scale 0), d (scale 1), b (scale 0), then scale 1's next new key e.
        assertThat(d.additions()).containsExactlyInAnyOrder("a", "d", "b", "e");
        assertThat(d.removals()).isEmpty();
        // Additions come sorted by share on the shortest scale.
        assertThat(d.additions().get(0)).isEqualTo("a");
        assertThat(s.offloaded()).containsExactlyInAnyOrder("a", "b", "d", "e");
    }

    @Test
    void swapsOnlyWhenTheNewcomerIsTwiceAsHeavy() {
        TfoSelector<String> s = new TfoSelector<>(1);
        s.update(new FixedStatistics().scale("old", 0.10));
        assertThat(s.offloaded()).containsExactly("old");

        // 1.5 times heavier on every scale: pre-selected, but not worth the change.
        OffloadDelta<String> d =
                s.update(new FixedStatistics().scale("new", 0.15, "old", 0.10).scale("new", 0.15, "old", 0.10));
        assertThat(d.isEmpty()).isTrue();
        assertThat(s.offloaded()).containsExactly("old");

        // Exactly twice: still not (the share must exceed factor times the removal's).
        assertThat(s.update(new FixedStatistics().scale("new", 0.20, "old", 0.10))
                        .isEmpty())
                .isTrue();

        // 2.5 times: swapped in one round.
        d = s.update(new FixedStatistics().scale("new", 0.25, "old", 0.10));
        assertThat(d.additions()).containsExactly("new");
        assertThat(d.removals()).containsExactly("old");
        assertThat(d.churn()).isEqualTo(2);
        assertThat(s.offloaded()).containsExactly("new");
    }

    @Test
    void theFactorIsAParameter() {
        TfoSelector<String> s = new TfoSelector<>(1, 1.2);
        s.update(new FixedStatistics().scale("old", 0.10));
        assertThat(s.update(new FixedStatistics().scale("new", 0.15, "old", 0.10))
                        .additions())
                .containsExactly("new");
    }

    @Test
    void pairsStopAtTheFirstSwapThatIsNotWorthIt() {
        TfoSelector<String> s = new TfoSelector<>(2);
        s.update(new FixedStatistics().scale("x", 0.2, "y", 0.1));
        // New heavy keys p (0.5) and q (0.3); removals sorted weakest first: y (0.1) then x (0.2).
        OffloadDelta<String> d = s.update(new FixedStatistics().scale("p", 0.5, "q", 0.3, "x", 0.2, "y", 0.1));
        assertThat(d.additions()).containsExactly("p"); // p > 2*0.1 passes; q = 0.3 < 2*0.2 fails
        assertThat(d.removals()).containsExactly("y");
        assertThat(s.offloaded()).containsExactlyInAnyOrder("p", "x");
    }

    @Test
    void aPrefixThatWentSilentIsReplaced() {
        TfoSelector<String> s = new TfoSelector<>(1);
        s.update(new FixedStatistics().scale("gone", 0.3));
        OffloadDelta<String> d = s.update(new FixedStatistics().scale("fresh", 0.01));
        assertThat(d.removals()).containsExactly("gone");
        assertThat(s.offloaded()).containsExactly("fresh");
    }

    @Test
    void zeroCapacityOffloadsNothingAndBadFactorIsRefused() {
        TfoSelector<String> s = new TfoSelector<>(0);
        assertThat(s.update(new FixedStatistics().scale("a", 1.0)).isEmpty()).isTrue();
        assertThatThrownBy(() -> new TfoSelector<String>(5, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void worksOnMeasuredStatistics() {
        MultiTimescaleStatistics<String> st = new MultiTimescaleStatistics<>(1, 4);
        TfoSelector<String> s = new TfoSelector<>(2);
        for (int round = 0; round < 5; round++) {
            st.add("big", 1000);
            st.add("mid", 100);
            st.add("small", 1);
            st.endInterval();
            s.update(st);
        }
        assertThat(s.offloaded()).containsExactlyInAnyOrder("big", "mid");
        // A burst that dwarfs "mid" enters at once.
        st.add("big", 1000);
        st.add("mid", 100);
        st.add("burst", 5000);
        st.endInterval();
        OffloadDelta<String> d = s.update(st);
        assertThat(d.additions()).containsExactly("burst");
        assertThat(d.removals()).containsExactly("mid");
    }

    @Test
    void offloaderKeepsStableHeavyHittersThroughNoise() {
        TrafficOffloader<org.flowstream.contracts.net.Ipv4Prefix> o = new TrafficOffloader<>(2, 2.0, 3, 30);
        org.flowstream.contracts.net.Ipv4Prefix a = org.flowstream.contracts.net.Ipv4Prefix.parse("10.0.0.0/24");
        org.flowstream.contracts.net.Ipv4Prefix b = org.flowstream.contracts.net.Ipv4Prefix.parse("10.0.1.0/24");
        org.flowstream.contracts.net.Ipv4Prefix c = org.flowstream.contracts.net.Ipv4Prefix.parse("10.0.2.0/24");
        int churn = 0;
        for (int i = 0; i < 50; i++) {
            o.record(a, 100);
            o.record(b, 40 + (i % 2) * 20); // b and c take turns being second by a little
            o.record(c, 60 - (i % 2) * 20);
            OffloadDelta<org.flowstream.contracts.net.Ipv4Prefix> d = o.endInterval();
            if (i > 0) churn += d.churn();
        }
        assertThat(o.offloaded()).contains(a).hasSize(2);
        assertThat(churn).isZero();
    }
}
