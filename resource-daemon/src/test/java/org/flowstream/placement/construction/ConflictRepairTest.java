package org.flowstream.placement.construction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowstream.placement.domain.IoNode;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.ServiceGraphBuilder;
import org.flowstream.placement.domain.SinkNode;
import org.flowstream.placement.feasibility.LoadLedger;
import org.flowstream.placement.generator.InstanceGenerator;
import org.junit.jupiter.api.Test;

/**
 * The situation of ns-11759 on large NS12000-D13 at 128 bytes, in small: a service's PM sits in a rack
 * under another aggregation switch than its sibling (delay 14 against 10), every server's memory is
 * full, and the one improving step is to trade that PM for all the PMs a small service has on a server
 * of the sibling's rack (that service moves whole, so its own delay stays within its bound). Single
 * moves, single-PM swaps and consolidating the service all overload a server by hundreds of MB.
 */
class ConflictRepairTest {
    /** Two racks of two servers (8 cores, 2048 MB), rack 0 under agg-0, rack 1 under agg-1, one core switch. */
    private final Platform platform =
            InstanceGenerator.hierarchicalPlatform("two-aggs", 1, 1, 2, 2, 2, 100_000_000_000L);

    private final IoNode io = platform.ioNodes().get(0);
    private final AtomicInteger keys = new AtomicInteger();

    @Test
    void aPmOverItsDelayBoundTradesPlacesWithAWholeSmallService() {
        ServiceGraph split = chain("split", 10, 1000, 1000); // in -> p0 -> p1 -> out
        ServiceGraph small = chain("small", 10, 500, 500); // whole on one server: 4 + 1 + 4 = 9
        ServiceGraph f1 = filler("f1", 1048);
        ServiceGraph f2 = filler("f2", 1048);
        ServiceGraph f3 = filler("f3", 1048);
        ServiceGraph f4 = filler("f4", 2048);
        List<ServiceGraph> services = List.of(split, small, f1, f2, f3, f4);
        LoadLedger ledger = new LoadLedger(platform);
        services.forEach(ledger::register);
        place(ledger, split.pms().get(0), "server-0-0");
        place(ledger, f1.pms().get(0), "server-0-0");
        place(ledger, small.pms().get(0), "server-0-1");
        place(ledger, small.pms().get(1), "server-0-1");
        place(ledger, f2.pms().get(0), "server-0-1");
        place(ledger, split.pms().get(1), "server-1-0");
        place(ledger, f3.pms().get(0), "server-1-0");
        place(ledger, f4.pms().get(0), "server-1-1");
        for (ServiceGraph ns : services) for (SinkNode s : ns.sinks()) ledger.assignSink(s.key(), io);
        assertThat(ledger.report(services).total())
                .as("only the split service's delay: 4 + 6 + 4 = 14 against 10")
                .isEqualTo(4);

        long left = new ConflictRepair(ledger, services, Set.of(), 1).run(() -> false, 5);

        assertThat(left).isZero();
        assertThat(ledger.serverOf(split.pms().get(1).key()).name()).isEqualTo("server-0-1");
        assertThat(ledger.serverOf(small.pms().get(0).key()).name()).isEqualTo("server-1-0");
        assertThat(ledger.serverOf(small.pms().get(1).key()).name()).isEqualTo("server-1-0");
    }

    /**
     * As above, but the PMs to move are two of the service's three, sharing a server: they go together,
     * trading places with a whole small service of their size (a 2 + 2 split would leave the path across
     * the core switch).
     */
    @Test
    void twoPmsSharingAServerTradePlacesTogether() {
        ServiceGraph split = chain("split", 11, 1000, 600, 600); // one rack: 4 + 2 + 1 + 4 = 11; two: 15
        ServiceGraph small = chain("small", 11, 600, 600);
        ServiceGraph f1 = filler("f1", 1048);
        ServiceGraph f2 = filler("f2", 848);
        ServiceGraph f3 = filler("f3", 848);
        ServiceGraph f4 = filler("f4", 2048);
        List<ServiceGraph> services = List.of(split, small, f1, f2, f3, f4);
        LoadLedger ledger = new LoadLedger(platform);
        services.forEach(ledger::register);
        place(ledger, split.pms().get(0), "server-0-0");
        place(ledger, f1.pms().get(0), "server-0-0");
        place(ledger, small.pms().get(0), "server-0-1");
        place(ledger, small.pms().get(1), "server-0-1");
        place(ledger, f2.pms().get(0), "server-0-1");
        place(ledger, split.pms().get(1), "server-1-0");
        place(ledger, split.pms().get(2), "server-1-0");
        place(ledger, f3.pms().get(0), "server-1-0");
        place(ledger, f4.pms().get(0), "server-1-1");
        for (ServiceGraph ns : services) for (SinkNode s : ns.sinks()) ledger.assignSink(s.key(), io);
        assertThat(ledger.report(services).total())
                .as("4 + 6 + 1 + 4 = 15 against 11")
                .isEqualTo(4);

        long left = new ConflictRepair(ledger, services, Set.of(), 1).run(() -> false, 5);

        assertThat(left).isZero();
        assertThat(ledger.serverOf(split.pms().get(1).key()).name()).isEqualTo("server-0-1");
        assertThat(ledger.serverOf(split.pms().get(2).key()).name()).isEqualTo("server-0-1");
        assertThat(ledger.serverOf(small.pms().get(0).key()).name()).isEqualTo("server-1-0");
    }

    /**
     * The situation of ns-11932 (large NS12000-D13) and ns-11827 (NS12000-D12) at 128 bytes, in small:
     * one PM of a service sits in a rack under another aggregation switch than its sibling, no server
     * of the sibling's rack has room for it, and no swap fits; but a PM of another service (no delay
     * bound) can step aside to a server elsewhere that has room, and the PM then takes its place.
     * Every single move, swap and consolidation adds 144 or more; the two-step chain removes all 4.
     */
    @Test
    void anotherServicesPmStepsAsideToMakeRoomForAPmOverItsBound() {
        Platform racksOfThree = InstanceGenerator.hierarchicalPlatform("two-aggs", 1, 1, 2, 2, 3, 100_000_000_000L);
        IoNode io0 = racksOfThree.ioNodes().get(0);
        ServiceGraph split = chain(io0, "split", 10, 1000, 600); // one rack: 4 + 2 + 4 = 10; two aggs: 14
        ServiceGraph f1 = filler(io0, "f1", 1048);
        ServiceGraph evictee = filler(io0, "evictee", 748);
        ServiceGraph f2 = filler(io0, "f2", 1300);
        ServiceGraph f3 = filler(io0, "f3", 1448);
        ServiceGraph f4 = filler(io0, "f4", 2048);
        ServiceGraph f5 = filler(io0, "f5", 2048);
        ServiceGraph f6 = filler(io0, "f6", 1200);
        List<ServiceGraph> services = List.of(split, f1, evictee, f2, f3, f4, f5, f6);
        LoadLedger ledger = new LoadLedger(racksOfThree);
        services.forEach(ledger::register);
        place(ledger, racksOfThree, split.pms().get(0), "server-0-0");
        place(ledger, racksOfThree, f1.pms().get(0), "server-0-0");
        place(ledger, racksOfThree, evictee.pms().get(0), "server-0-1");
        place(ledger, racksOfThree, f2.pms().get(0), "server-0-1");
        place(ledger, racksOfThree, f5.pms().get(0), "server-0-2");
        place(ledger, racksOfThree, split.pms().get(1), "server-1-0");
        place(ledger, racksOfThree, f3.pms().get(0), "server-1-0");
        place(ledger, racksOfThree, f4.pms().get(0), "server-1-1");
        place(ledger, racksOfThree, f6.pms().get(0), "server-1-2");
        for (ServiceGraph ns : services) for (SinkNode s : ns.sinks()) ledger.assignSink(s.key(), io0);
        assertThat(ledger.report(services).total())
                .as("only the split service's delay: 4 + 6 + 4 = 14 against 10")
                .isEqualTo(4);

        long left = new ConflictRepair(ledger, services, Set.of(), 1).run(() -> false, 5);

        assertThat(left).isZero();
        assertThat(ledger.serverOf(evictee.pms().get(0).key()).name()).isEqualTo("server-1-2");
        assertThat(ledger.serverOf(split.pms().get(1).key()).name()).isEqualTo("server-0-1");
    }

    /**
     * The situation of ns-11047 (large NS12000-D12 at 128 bytes), in small: a service's first PM in one
     * rack, its other two in another (4 + 6 + 2 + 4 = 16 against 12). Moving any one PM, swapping, or
     * making room for one PM by moving another service's PM away leaves the path at 16 or breaks that
     * other service's bound as much as it helps. Re-placing the whole service in the third rack brings
     * it to 11, once a PM of a service without a delay bound there steps aside (to the room the service
     * leaves in the first rack).
     */
    @Test
    void aServiceSplitOverTwoFullRacksMovesWholeIntoARackWhereAnotherStepsAside() {
        Platform threeRacks = InstanceGenerator.hierarchicalPlatform("three-aggs", 1, 1, 3, 3, 2, 100_000_000_000L);
        IoNode io0 = threeRacks.ioNodes().get(0);
        ServiceGraph split = chain(io0, "split", 12, 1000, 1000, 1000); // one rack: 4 + 2 + 2 + 4 = 12
        ServiceGraph g = chain(io0, "g", 10, 1048, 1048); // its two PMs in one rack: 10
        ServiceGraph f = chain(io0, "f", 10, 1048, 1048);
        ServiceGraph loose = filler(io0, "loose", 1000);
        ServiceGraph loose2 = filler(io0, "loose2", 1048);
        ServiceGraph loose3 = filler(io0, "loose3", 500);
        List<ServiceGraph> services = List.of(split, g, f, loose, loose2, loose3);
        LoadLedger ledger = new LoadLedger(threeRacks);
        services.forEach(ledger::register);
        place(ledger, threeRacks, split.pms().get(0), "server-0-0");
        place(ledger, threeRacks, g.pms().get(0), "server-0-0");
        place(ledger, threeRacks, g.pms().get(1), "server-0-1");
        place(ledger, threeRacks, loose.pms().get(0), "server-0-1");
        place(ledger, threeRacks, split.pms().get(1), "server-1-0");
        place(ledger, threeRacks, f.pms().get(0), "server-1-0");
        place(ledger, threeRacks, split.pms().get(2), "server-1-1");
        place(ledger, threeRacks, f.pms().get(1), "server-1-1");
        place(ledger, threeRacks, loose2.pms().get(0), "server-2-0"); // 1000 MB free
        place(ledger, threeRacks, loose3.pms().get(0), "server-2-1"); // 1548 MB free
        for (ServiceGraph ns : services) for (SinkNode s : ns.sinks()) ledger.assignSink(s.key(), io0);
        assertThat(ledger.report(services).total())
                .as("only the split service's delay: 4 + 6 + 2 + 4 = 16 against 12")
                .isEqualTo(4);

        long left = new ConflictRepair(ledger, services, Set.of(), 1).run(() -> false, 5);

        assertThat(left).isZero();
        assertThat(split.pms())
                .as("the split service in one rack")
                .extracting(pm -> ledger.serverOf(pm.key()).rack())
                .containsOnly(2);
        assertThat(ledger.serverOf(loose3.pms().get(0).key()).name()).isEqualTo("server-0-0");
    }

    private void place(LoadLedger ledger, Platform on, ModuleNode pm, String server) {
        ledger.assignPm(pm.key(), on.server(server));
    }

    private void place(LoadLedger ledger, ModuleNode pm, String server) {
        ledger.assignPm(pm.key(), platform.server(server));
    }

    /** in -> p0 -> p1 -> ... -> out, the whole path bounded. */
    private ServiceGraph chain(String id, int bound, long... memoryMb) {
        return chain(io, id, bound, memoryMb);
    }

    private ServiceGraph chain(IoNode io, String id, int bound, long... memoryMb) {
        ServiceGraphBuilder b = new ServiceGraphBuilder(id, "chain", keys);
        b.source("in", io);
        List<String> path = new java.util.ArrayList<>(List.of("in"));
        for (int i = 0; i < memoryMb.length; i++) {
            b.pm("p" + i, 100, memoryMb[i]);
            path.add("p" + i);
        }
        b.sink("out", List.of(io));
        path.add("out");
        for (int i = 1; i < path.size(); i++) b.link(path.get(i - 1), path.get(i), 1_000_000L);
        b.delayBound(bound, path);
        return b.build();
    }

    private ServiceGraph filler(String id, long memoryMb) {
        return filler(io, id, memoryMb);
    }

    private ServiceGraph filler(IoNode io, String id, long memoryMb) {
        ServiceGraphBuilder b = new ServiceGraphBuilder(id, "filler", keys);
        b.source("in", io);
        b.pm("p", 100, memoryMb);
        b.sink("out", List.of(io));
        b.link("in", "p", 1_000_000L);
        b.link("p", "out", 1_000_000L);
        return b.build();
    }
}
