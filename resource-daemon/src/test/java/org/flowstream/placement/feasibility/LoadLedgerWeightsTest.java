package org.flowstream.placement.feasibility;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowstream.placement.TestPlatforms;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceGraphBuilder;
import org.junit.jupiter.api.Test;

class LoadLedgerWeightsTest {
    private final Platform platform = TestPlatforms.twoServers();

    @Test
    void weightsScaleOnlyTheWeightedChangeNeverTheReturnedDelta() {
        AtomicInteger keys = new AtomicInteger();
        ServiceGraphBuilder b = new ServiceGraphBuilder("x", "t", keys);
        b.pm("a", 500, 1500);
        b.pm("b", 500, 1500);
        ServiceGraph ns = b.build();
        LoadLedger ledger = new LoadLedger(platform);
        ledger.register(ns);
        ServerNode s0 = platform.servers().get(0);
        ledger.enableWeights();
        ledger.assignPm(ns.pms().get(0).key(), s0);
        long delta = ledger.assignPm(ns.pms().get(1).key(), s0); // 200 cpu + 952 MB over
        assertThat(delta).isEqualTo(200 + 952);
        assertThat(ledger.takeWeightedChange()).isEqualTo(200 + 952);
        ledger.raiseWeightsOfViolated(2);
        assertThat(ledger.unassignPm(ns.pms().get(1).key())).isEqualTo(-(200 + 952));
        assertThat(ledger.takeWeightedChange()).isEqualTo(-3 * (200 + 952));
        ledger.disableWeights();
        assertThat(ledger.assignPm(ns.pms().get(1).key(), s0)).isEqualTo(200 + 952);
        assertThat(ledger.takeWeightedChange()).isZero();
        assertThat(ledger.report(List.of(ns)).total()).isEqualTo(200 + 952);
    }
}
