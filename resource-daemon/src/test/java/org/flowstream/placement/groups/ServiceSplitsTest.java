package org.flowstream.placement.groups;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowstream.placement.TestPlatforms;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.Units;
import org.junit.jupiter.api.Test;

class ServiceSplitsTest {
    private static final long MBPS = Units.BITS_PER_MBPS;

    @Test
    void aChainThatFitsOneServerHasEveryPartitionAndTheWholeOneFirst() {
        Platform p = TestPlatforms.oneRack(4, 800, 2048, 10 * Units.GBPS, Units.GBPS);
        ServiceSplits splits = ServiceSplits.of(
                chain(p, 500, 500, 500), OneRackShape.of(p, List.of()).orElseThrow());
        // Bell(3) = 5 ways to split three PMs.
        assertThat(splits.count()).isEqualTo(5);
        assertThat(splits.groups(0)).containsExactly(0b111);
        assertThat(splits.linkTraffic(0)).isEqualTo(100 * MBPS);
        // Every other split sends at least one more hop over the server links.
        for (int i = 1; i < splits.count(); i++)
            assertThat(splits.linkTraffic(i)).isGreaterThan(100 * MBPS);
    }

    @Test
    void aGroupCarriesWhatEntersAndLeavesItAndItsPmsNeeds() {
        Platform p = TestPlatforms.oneRack(4, 800, 2048, 10 * Units.GBPS, Units.GBPS);
        ServiceSplits splits = ServiceSplits.of(
                chain(p, 500, 600, 700), OneRackShape.of(p, List.of()).orElseThrow());
        int middleAndLast = 0b110;
        assertThat(splits.load(OneRackShape.Resource.MEMORY, middleAndLast)).isEqualTo(1300);
        assertThat(splits.load(OneRackShape.Resource.CPU, middleAndLast)).isEqualTo(200);
        assertThat(splits.load(OneRackShape.Resource.DOWNLINK, middleAndLast)).isEqualTo(100 * MBPS);
        assertThat(splits.load(OneRackShape.Resource.UPLINK, middleAndLast)).isEqualTo(100 * MBPS);
        assertThat(splits.load(OneRackShape.Resource.INTERNAL, middleAndLast)).isEqualTo(100 * MBPS);
        int first = 0b001;
        assertThat(splits.load(OneRackShape.Resource.INTERNAL, first)).isZero();
    }

    @Test
    void groupsThatDoNotFitAServerAreNeverPartOfASplit() {
        Platform p = TestPlatforms.oneRack(4, 800, 2048, 10 * Units.GBPS, Units.GBPS);
        // 1100 + 1000 + 100 MB: the whole chain and the first two together are too large.
        ServiceSplits splits = ServiceSplits.of(
                chain(p, 1100, 1000, 100), OneRackShape.of(p, List.of()).orElseThrow());
        List<Integer> groups = new ArrayList<>();
        for (int i = 0; i < splits.count(); i++) for (int g : splits.groups(i)) groups.add(g);
        assertThat(groups).doesNotContain(0b111, 0b011).contains(0b110, 0b101);
        assertThat(splits.count()).isEqualTo(3);
    }

    @Test
    void aPmLargerThanAServerLeavesNoSplit() {
        Platform p = TestPlatforms.oneRack(4, 800, 2048, 10 * Units.GBPS, Units.GBPS);
        assertThat(ServiceSplits.of(
                        chain(p, 3000, 10, 10), OneRackShape.of(p, List.of()).orElseThrow()))
                .isNull();
    }

    private static ServiceGraph chain(Platform p, long... memoryMb) {
        return Chains.chain(p, "chain", new AtomicInteger(), memoryMb);
    }
}
