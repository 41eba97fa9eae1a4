package org.flowstream.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.flowstream.contracts.net.Ipv4Address;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.junit.jupiter.api.Test;

class TrafficSamplerTest {

    @Test
    void samplesOneInNAndEstimatesPerPrefixLoad() {
        TrafficSampler s = TrafficSampler.standard(42);
        SplittableRandom r = new SplittableRandom(1);
        int hot = Ipv4Address.parse("10.1.2.0").bits();
        int cold = Ipv4Address.parse("172.16.0.0").bits();
        for (int i = 0; i < 300_000; i++) {
            // 2/3 of the packets come from 10.1.2.0/24, the rest from 172.16.0.0/16.
            int src = r.nextInt(3) < 2 ? hot | r.nextInt(256) : cold | r.nextInt(65536);
            s.observe(Direction.SOURCE, src, Ipv4Address.parse("8.8.8.8").bits(), 100);
        }
        assertThat(s.packetsSeen()).isEqualTo(300_000);
        assertThat(s.packetsSampled()).isBetween(2700L, 3300L);
        PrefixLoads est = s.snapshot(LoadUnit.PACKETS);
        assertThat(est.load(Ipv4Prefix.parse("10.1.2.0/24"))).isCloseTo(200_000, within(12_000.0));
        assertThat(est.load(Ipv4Prefix.parse("172.16.0.0/16"))).isCloseTo(100_000, within(9_000.0));
        assertThat(s.snapshot(LoadUnit.BYTES).total()).isCloseTo(est.total() * 100, within(1.0));
        // The destination direction counts the destination address.
        s.snapshotAndReset(LoadUnit.PACKETS);
        for (int i = 0; i < 1000; i++) s.observe(Direction.DESTINATION, hot, cold, 60);
        assertThat(s.snapshot(LoadUnit.PACKETS).load(Ipv4Prefix.parse("172.16.0.0/24")))
                .isPositive();
        assertThat(s.snapshot(LoadUnit.PACKETS).load(Ipv4Prefix.parse("10.1.2.0/24")))
                .isZero();
    }

    @Test
    void sameSeedSameSample() {
        TrafficSampler a = new TrafficSampler(10, 16, 7);
        TrafficSampler b = new TrafficSampler(10, 16, 7);
        for (int i = 0; i < 10_000; i++) {
            a.observe(i * 7919, 64);
            b.observe(i * 7919, 64);
        }
        assertThat(a.snapshot(LoadUnit.PACKETS).entries())
                .isEqualTo(b.snapshot(LoadUnit.PACKETS).entries());
    }

    @Test
    void ruleCountersSpreadTheCatchAllOverTheDefaultMachinesLeaves() {
        Assignment a = new Assignment("d", java.util.Map.of(Ipv4Prefix.parse("0.0.0.0/1"), "m1"));
        PrefixLoads l = RuleCounterLoads.estimate(
                a,
                List.of(
                        new RuleCounter(Ipv4Prefix.parse("0.0.0.0/1"), Direction.SOURCE, false, 10, 1000),
                        new RuleCounter(Ipv4Prefix.parse("0.0.0.0/1"), Direction.DESTINATION, false, 30, 3000),
                        new RuleCounter(Ipv4Prefix.ROOT, Direction.SOURCE, true, 60, 6000)),
                LoadUnit.PACKETS);
        assertThat(l.load(Ipv4Prefix.parse("0.0.0.0/1"))).isEqualTo(40.0);
        assertThat(l.load(Ipv4Prefix.parse("128.0.0.0/1"))).isEqualTo(60.0);
        assertThat(a.machineLoads(l, List.of(new Machine("d", 1, 1), new Machine("m1", 1, 2))))
                .containsEntry("d", 60.0)
                .containsEntry("m1", 40.0);
    }
}
