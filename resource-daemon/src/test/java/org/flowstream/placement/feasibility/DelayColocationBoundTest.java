package org.flowstream.placement.feasibility;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowstream.placement.TestPlatforms;
import org.flowstream.placement.domain.DelayBound;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceLink;
import org.flowstream.placement.domain.SinkNode;
import org.flowstream.placement.domain.Units;
import org.flowstream.placement.generator.InstanceGenerator;
import org.flowstream.placement.generator.ServiceTemplate;
import org.junit.jupiter.api.Test;

class DelayColocationBoundTest {
    /** I/O node to server 4, server to server at least 2, as on the large platform: bound 10 forces each 3-PM path onto one server. */
    private final Platform small = InstanceGenerator.hierarchicalPlatform("small", 2, 2, 2, 8, 5, 10 * Units.GBPS);

    @Test
    void delayBoundTenProvesAtOnceThatSomePathsCannotShareAServer() {
        List<ServiceGraph> services =
                InstanceGenerator.generate(small, 40, 10, 1).services();
        Optional<Infeasibility> r = CapacityBounds.check(small, services);
        assertThat(r).isPresent();
        assertThat(r.get().constraint()).isEqualTo("delay");
        assertThat(r.get().reason()).contains("must share one server").contains("cannot fit theirs on any server");
    }

    @Test
    void looserBoundsForceNothing() {
        List<ServiceGraph> services =
                InstanceGenerator.generate(small, 40, 11, 1).services();
        CapacityBounds.PlatformFloors floors = new CapacityBounds.PlatformFloors(small);
        for (ServiceGraph ns : services)
            assertThat(DelayColocationBound.forcedGroups(ns, floors, 1)).isEmpty();
        assertThat(DelayColocationBound.check(small, services, floors)).isEmpty();
    }

    /**
     * Soundness: random services with the tightest possible bound (6 on one rack: I/O to server 2, two
     * intra-server links, server to I/O 2), each bounded path's PMs placed together on a random server,
     * the other PMs anywhere, on servers exactly as large as the fullest one needs. The placement has
     * no violation (checked on the ledger), so the bound must stay silent; and it does force groups.
     */
    @Test
    void neverRejectsAnInstanceWithAKnownFeasiblePlacement() {
        SplittableRandom random = new SplittableRandom(11);
        AtomicInteger keys = new AtomicInteger();
        Platform roomy = TestPlatforms.oneRack(6, 100_000, 1_000_000, 1000 * Units.GBPS, 1000 * Units.GBPS);
        int forced = 0;
        for (int round = 0; round < 200; round++) {
            int servers = 2 + random.nextInt(5);
            List<ServiceGraph> services = new ArrayList<>();
            int count = 2 + random.nextInt(9);
            for (int i = 0; i < count; i++) {
                ServiceTemplate t = ServiceTemplate.TABLE_3_1.get(random.nextInt(4));
                services.add(InstanceGenerator.instantiate(
                        t, "ns-" + i, roomy, 6, random, keys, random.nextBoolean() ? 1024 : 128));
            }
            LoadLedger ledger = new LoadLedger(roomy);
            for (ServiceGraph ns : services) {
                ledger.register(ns);
                ServerNode together = roomy.servers().get(random.nextInt(servers));
                List<ModuleNode> onPaths = new ArrayList<>();
                for (DelayBound b : ns.delayBounds())
                    for (ServiceLink l : b.path()) if (l.to() instanceof ModuleNode pm) onPaths.add(pm);
                for (ModuleNode pm : ns.pms()) {
                    ledger.assignPm(
                            pm.key(),
                            onPaths.contains(pm) ? together : roomy.servers().get(random.nextInt(servers)));
                }
                for (SinkNode s : ns.sinks())
                    ledger.assignSink(s.key(), s.getAllowed().get(0));
            }
            Platform tight = TestPlatforms.tightOneRack(roomy, servers, ledger);
            assertThat(rebuilt(tight, services, ledger).report(services).total())
                    .as("round %d: the constructed placement is feasible", round)
                    .isZero();
            CapacityBounds.PlatformFloors floors = new CapacityBounds.PlatformFloors(tight);
            for (ServiceGraph ns : services)
                forced += DelayColocationBound.forcedGroups(ns, floors, 1).size();
            assertThat(DelayColocationBound.check(tight, services, floors))
                    .as("round %d", round)
                    .isEmpty();
        }
        assertThat(forced).as("the bound 6 forced paths together").isPositive();
    }

    /** The same placement on the tight platform (server indexes match, the I/O node is the only one). */
    private static LoadLedger rebuilt(Platform tight, List<ServiceGraph> services, LoadLedger from) {
        LoadLedger ledger = new LoadLedger(tight);
        for (ServiceGraph ns : services) {
            ledger.register(ns);
            for (ModuleNode pm : ns.pms())
                ledger.assignPm(
                        pm.key(), tight.servers().get(from.serverOf(pm.key()).index()));
            for (SinkNode s : ns.sinks())
                ledger.assignSink(s.key(), tight.ioNodes().get(0));
        }
        return ledger;
    }
}
