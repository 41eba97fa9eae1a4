package org.flowstream.offload;

import static org.assertj.core.api.Assertions.assertThat;

import org.flowstream.offload.sim.BinOptimal;
import org.flowstream.offload.sim.LfuCache;
import org.flowstream.offload.sim.LruCache;
import org.junit.jupiter.api.Test;

class CachesAndBinOptimalTest {

    private static String run(org.flowstream.offload.sim.PacketStrategy s, int... keys) {
        StringBuilder b = new StringBuilder();
        for (int k : keys) b.append(s.access(k) ? 'H' : 'm');
        return b.toString();
    }

    @Test
    void lruEvictsTheLeastRecentlyUsed() {
        LruCache c = new LruCache(2, 10);
        // a b a c b: c evicts b (a was used more recently), so b misses again and evicts a.
        assertThat(run(c, 0, 1, 0, 2, 1)).isEqualTo("mmHmm");
        assertThat(c.contains(1)).isTrue();
        assertThat(c.contains(2)).isTrue();
        assertThat(c.contains(0)).isFalse();
        // 4 installs, 2 evictions.
        assertThat(c.changes()).isEqualTo(6);
    }

    @Test
    void lfuEvictsTheLeastFrequentlyUsed() {
        LfuCache c = new LfuCache(2, 10);
        // a a a b c: c evicts b (count 1) not a (count 3); then b evicts c (count 1, newer than nothing else).
        assertThat(run(c, 0, 0, 0, 1, 2, 1, 0)).isEqualTo("mHHmmmH");
        assertThat(c.contains(0)).isTrue();
        assertThat(c.contains(1)).isTrue();
        assertThat(c.contains(2)).isFalse();
        assertThat(c.changes()).isEqualTo(4 + 2); // four installs, two evictions
    }

    @Test
    void lfuBreaksTiesByAge() {
        LfuCache c = new LfuCache(2, 10);
        run(c, 0, 1, 2); // 0 and 1 both count 1; 0 reached it first and goes
        assertThat(c.contains(0)).isFalse();
        assertThat(c.contains(1)).isTrue();
    }

    @Test
    void zeroCapacityCachesNothing() {
        assertThat(run(new LruCache(0, 3), 0, 0)).isEqualTo("mm");
        assertThat(run(new LfuCache(0, 3), 0, 0)).isEqualTo("mm");
    }

    @Test
    void binOptimalTakesEachBinsTopNAndCountsTheDifference() {
        BinOptimal b = new BinOptimal(2, 10, 10);
        int[] counts = new int[10];
        counts[3] = 50;
        counts[4] = 30;
        counts[5] = 20;
        long[] r = b.endBin(new int[] {3, 4, 5}, 3, counts, 100);
        assertThat(r).containsExactly(2, 20); // two installs; key 5's 20 packets stay in software
        assertThat(b.isOffloaded(3)).isTrue();
        assertThat(b.isOffloaded(5)).isFalse();

        counts[3] = 10;
        counts[4] = 0;
        counts[5] = 60;
        r = b.endBin(new int[] {5, 3}, 2, counts, 70);
        assertThat(r).containsExactly(2, 0); // 5 in, 4 out
        assertThat(b.changes()).isEqualTo(4);
        assertThat(b.name()).isEqualTo("bin-optimal-10s");
        assertThat(new BinOptimal(1, 1, 600).name()).isEqualTo("bin-optimal-10min");
    }
}
