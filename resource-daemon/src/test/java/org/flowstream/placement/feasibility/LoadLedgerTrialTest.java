package org.flowstream.placement.feasibility;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.flowstream.placement.TestLedgers;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.PlatformLink;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.SinkNode;
import org.flowstream.placement.generator.InstanceGenerator;
import org.flowstream.placement.generator.PlacementInstance;
import org.junit.jupiter.api.Test;

/** A rolled-back trial leaves the ledger exactly as it was; a committed one exactly as the moves left it. */
class LoadLedgerTrialTest {
    private final Platform basic = InstanceGenerator.basicPlatform(InstanceGenerator.DEFAULT_IO_LINK_BPS);

    @Test
    void rollbackRestoresEveryLoadEveryServerAndTheWeightedChange() {
        PlacementInstance instance = InstanceGenerator.generate(basic, 48, 0, 3, 1024);
        List<ServiceGraph> services = instance.services();
        LoadLedger ledger = placedAtRandom(services, new SplittableRandom(1));
        List<ModuleNode> pms =
                services.stream().flatMap(ns -> ns.pms().stream()).toList();
        SplittableRandom random = new SplittableRandom(2);
        ledger.enableWeights();
        ledger.raiseWeightsOfViolated(3);
        for (int trial = 0; trial < 500; trial++) {
            String before = state(ledger, pms);
            long totalBefore = ledger.report(services).total();
            ledger.takeWeightedChange();
            ledger.beginTrial();
            long delta = 0;
            List<ModuleNode> moved = new ArrayList<>();
            for (int i = 1 + random.nextInt(4); i > 0; i--) {
                ModuleNode pm = pms.get(random.nextInt(pms.size()));
                if (moved.contains(pm)) continue;
                moved.add(pm);
                delta += ledger.unassignPm(pm.key());
            }
            for (ModuleNode pm : moved) delta += ledger.assignPm(pm.key(), randomServer(random));
            assertThat(ledger.report(services).total()).isEqualTo(totalBefore + delta);
            if (random.nextBoolean()) {
                ledger.rollback();
                assertThat(state(ledger, pms)).isEqualTo(before);
                assertThat(ledger.report(services).total()).isEqualTo(totalBefore);
                assertThat(ledger.takeWeightedChange())
                        .as("the weighted change is back to what it was")
                        .isZero();
            } else {
                ledger.commit();
                assertThat(state(rebuilt(services, ledger), pms))
                        .as("a committed trial's totals match a ledger rebuilt from its placement")
                        .isEqualTo(state(ledger, pms));
            }
        }
    }

    private ServerNode randomServer(SplittableRandom random) {
        return basic.servers().get(random.nextInt(basic.servers().size()));
    }

    private LoadLedger placedAtRandom(List<ServiceGraph> services, SplittableRandom random) {
        LoadLedger ledger = new LoadLedger(basic);
        for (ServiceGraph ns : services) {
            ledger.register(ns);
            for (ModuleNode pm : ns.pms()) ledger.assignPm(pm.key(), randomServer(random));
            for (SinkNode s : ns.sinks())
                ledger.assignSink(s.key(), s.getAllowed().get(0));
        }
        return ledger;
    }

    private LoadLedger rebuilt(List<ServiceGraph> services, LoadLedger from) {
        return TestLedgers.rebuilt(basic, services, from);
    }

    /** Every load and every PM's server, as text. */
    private String state(LoadLedger ledger, List<ModuleNode> pms) {
        StringBuilder b = new StringBuilder();
        for (ServerNode s : basic.servers())
            b.append(ledger.cpuUsed(s))
                    .append('/')
                    .append(ledger.memoryUsed(s))
                    .append('/')
                    .append(ledger.internalUsed(s))
                    .append(' ');
        for (PlatformLink l : basic.links()) b.append(ledger.linkLoad(l)).append(' ');
        for (ModuleNode pm : pms) b.append(ledger.serverOf(pm.key()).name()).append(' ');
        return b.toString();
    }
}
