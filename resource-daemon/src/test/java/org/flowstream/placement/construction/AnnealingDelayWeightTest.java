package org.flowstream.placement.construction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowstream.placement.TestLedgers;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceGraphBuilder;
import org.flowstream.placement.feasibility.LoadLedger;
import org.flowstream.placement.generator.InstanceGenerator;
import org.junit.jupiter.api.Test;

/**
 * The breakout step for delay: a service over its delay bound weighs more after a breakout round, one
 * within its bound does not. Before, only resources over capacity gained weight, so a placement whose
 * last violations were all delay (large NS12000-D13 at 128 bytes) got no breakout at all.
 */
class AnnealingDelayWeightTest {
    /** Two racks of one server each under two aggregation switches: a PM pair that cannot share a server crosses the core. */
    private final Platform platform =
            InstanceGenerator.hierarchicalPlatform("two-racks", 1, 1, 2, 2, 1, 100_000_000_000L);

    private final AtomicInteger keys = new AtomicInteger();

    @Test
    void aServiceOverItsDelayBoundWeighsMoreAfterABreakoutRound() {
        // 2 x 1500 MB cannot share a 2048 MB server: the path crosses servers and racks, delay 4 + 6 + 4 > 10.
        ServiceGraph split = service("split", 1500, 10);
        // 2 x 100 MB share a server: 4 + 1 + 4 = 9, within 10.
        ServiceGraph whole = service("whole", 100, 10);
        List<ServiceGraph> services = List.of(split, whole);
        LoadLedger ledger = TestLedgers.greedy(platform, services);
        assertThat(ledger.delayExcess(split))
                .as("the split service is over its bound")
                .isPositive();
        assertThat(ledger.delayExcess(whole)).isZero();

        AnnealingRepair search = new AnnealingRepair(ledger, services, Set.of(), 1);
        assertThat(search.delayWeight(split)).isEqualTo(1);
        search.raiseDelayWeightsOfViolated();
        search.raiseDelayWeightsOfViolated();
        assertThat(search.delayWeight(split)).isEqualTo(3);
        assertThat(search.delayWeight(whole)).isEqualTo(1);
    }

    private ServiceGraph service(String id, long memoryMb, int bound) {
        ServiceGraphBuilder b = new ServiceGraphBuilder(id, "chain", keys);
        b.source("in", platform.ioNodes().get(0));
        b.pm("a", 100, memoryMb);
        b.pm("b", 100, memoryMb);
        b.sink("out", List.of(platform.ioNodes().get(0)));
        b.link("in", "a", 1_000_000L);
        b.link("a", "b", 1_000_000L);
        b.link("b", "out", 1_000_000L);
        b.delayBound(bound, List.of("in", "a", "b", "out"));
        return b.build();
    }
}
