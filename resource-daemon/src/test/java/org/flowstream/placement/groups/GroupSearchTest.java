package org.flowstream.placement.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowstream.placement.TestPlatforms;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.Units;
import org.flowstream.placement.generator.InstanceGenerator;
import org.flowstream.placement.generator.PlacementInstance;
import org.junit.jupiter.api.Test;

class GroupSearchTest {
    private static final long MBPS = Units.BITS_PER_MBPS;
    private final AtomicInteger keys = new AtomicInteger();
    private final Platform rack = TestPlatforms.oneRack(4, 800, 2048, 10 * Units.GBPS, Units.GBPS);

    @Test
    void aGroupMoveCarriesItsLoadToTheTargetServerAndItsDeltaIsTheChangeOfTheTotal() {
        GroupSearch search = search(List.of(chain("a", 300, 900, 900), chain("b", 300, 900, 900)), 1);
        search.resplit(0, threeGroupSplit(search, 0));
        search.placeGroups(0, 0, 1, 2);
        ServerLoads loads = search.loads();
        int from = 0;
        int to = 3;
        long memoryFrom = loads.load(from, OneRackShape.Resource.MEMORY);
        long memoryTo = loads.load(to, OneRackShape.Resource.MEMORY);
        long groupMemory = memoryOfGroup(search, 0, 0);
        long before = loads.total();
        long delta = search.moveDelta(0, 0, to);

        search.moveGroup(0, 0, to);

        assertThat(search.serverOf(0, 0)).isEqualTo(to);
        assertThat(loads.load(from, OneRackShape.Resource.MEMORY)).isEqualTo(memoryFrom - groupMemory);
        assertThat(loads.load(to, OneRackShape.Resource.MEMORY)).isEqualTo(memoryTo + groupMemory);
        assertThat(loads.total()).isEqualTo(before + delta);
    }

    @Test
    void aSwapTradesTheServersOfTwoGroups() {
        // Neither service fits one server (2400 and 2200 MB): each is split in two.
        GroupSearch search = search(List.of(chain("a", 1500, 900), chain("b", 700, 1500)), 1);
        search.placeGroups(0, 0, 1);
        search.placeGroups(1, 2, 3);
        long before = search.loads().total();
        long delta = search.swapDelta(0, 0, 1, 0);

        search.swapGroups(0, 0, 1, 0);

        assertThat(search.serverOf(0, 0)).isEqualTo(2);
        assertThat(search.serverOf(1, 0)).isEqualTo(0);
        assertThat(search.loads().load(2, OneRackShape.Resource.MEMORY)).isEqualTo(memoryOfGroup(search, 0, 0));
        assertThat(search.loads().total()).isEqualTo(before + delta);
    }

    @Test
    void aResplitTakesTheNewSplitWithEachGroupOnAServerOfItsOwn() {
        // c fills servers 1-3 with 1900 MB each, so server 0 is where any group adds least.
        GroupSearch search = search(List.of(chain("a", 300, 300, 300), chain("c", 1900, 1900, 1900)), 1);
        search.placeGroups(1, 1, 2, 3);
        assertThat(search.splitOf(0)).isZero(); // the least traffic: whole on one server
        int threeGroups = threeGroupSplit(search, 0);

        search.resplit(0, threeGroups);

        assertThat(search.splitOf(0)).isEqualTo(threeGroups);
        int[] servers = search.pmServers(0);
        assertThat(Arrays.stream(servers).distinct().count()).isEqualTo(3);
        // Every PM's memory is on its server, and nothing else is anywhere.
        long placed = 0;
        for (int t = 0; t < 4; t++) placed += search.loads().load(t, OneRackShape.Resource.MEMORY);
        assertThat(placed).isEqualTo(900 + 3 * 1900);
        assertThat(servers).contains(0);
        // Three hops over server links now: 100 Mbps into each of a's groups, as into each of c's.
        long downlinks = 0;
        for (int t = 0; t < 4; t++) downlinks += search.loads().load(t, OneRackShape.Resource.DOWNLINK);
        assertThat(downlinks).isEqualTo(6 * 100 * MBPS);
    }

    @Test
    void movesThatWouldPutTwoGroupsOfOneServiceOnOneServerAreRefusedAndChangeNothing() {
        GroupSearch search = search(List.of(chain("a", 1500, 900), chain("b", 700, 1500)), 1);
        search.placeGroups(0, 0, 1);
        search.placeGroups(1, 1, 2);
        long before = search.loads().total();
        assertThatThrownBy(() -> search.moveGroup(0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already has a group");
        // a's group on server 0 and b's on server 1: a would get two groups on server 1.
        assertThatThrownBy(() -> search.swapGroups(0, 0, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two groups of one service");
        assertThat(search.pmServers(0)).containsExactly(0, 1);
        assertThat(search.pmServers(1)).containsExactly(1, 2);
        assertThat(search.loads().total()).isEqualTo(before);
    }

    @Test
    void findsAPlacementOfACellThatIsFeasible() {
        PlacementInstance ns40 = InstanceGenerator.generate(
                InstanceGenerator.basicPlatform(InstanceGenerator.DEFAULT_IO_LINK_BPS), 40, 0, 2, 1024);
        GroupSearch search = search(ns40, 2);
        assertThat(search.totalViolation()).isPositive();
        assertThat(search.run(20_000_000, () -> false)).isZero();
    }

    @Test
    void theSameSeedGivesTheSamePlacementWhereverTheSearchIsCut() {
        PlacementInstance ns44 = InstanceGenerator.generate(
                InstanceGenerator.basicPlatform(InstanceGenerator.DEFAULT_IO_LINK_BPS), 44, 0, 3, 1024);
        GroupSearch first = search(ns44, 5);
        GroupSearch second = search(ns44, 5);
        long left = first.run(300_000, () -> false);
        // The second is cut by its caller's stop signal after the same number of moves.
        assertThat(second.run(Long.MAX_VALUE, () -> second.moves() >= 300_000)).isEqualTo(left);
        for (int s = 0; s < ns44.services().size(); s++)
            assertThat(second.pmServers(s)).as("service %d", s).containsExactly(first.pmServers(s));
        GroupSearch otherSeed = search(ns44, 6);
        otherSeed.run(300_000, () -> false);
        boolean differs = false;
        for (int s = 0; s < ns44.services().size(); s++)
            differs |= !Arrays.equals(otherSeed.pmServers(s), first.pmServers(s));
        assertThat(differs).as("another seed searches elsewhere").isTrue();
    }

    private GroupSearch search(List<ServiceGraph> services, long seed) {
        return search(new PlacementInstance(rack, services), seed);
    }

    private static GroupSearch search(PlacementInstance instance, long seed) {
        OneRackShape shape =
                OneRackShape.of(instance.platform(), instance.services()).orElseThrow();
        List<ServiceSplits> splits = new ArrayList<>();
        for (ServiceGraph ns : instance.services()) splits.add(ServiceSplits.of(ns, shape));
        return new GroupSearch(splits, shape, seed, GroupSearch.Schedule.DEFAULT);
    }

    private static int threeGroupSplit(GroupSearch search, int s) {
        ServiceSplits splits = search.splits(s);
        for (int i = 0; i < splits.count(); i++) if (splits.groups(i).length == 3) return i;
        throw new AssertionError("no split into three groups");
    }

    private static long memoryOfGroup(GroupSearch search, int s, int g) {
        int mask = search.splits(s).groups(search.splitOf(s))[g];
        return search.splits(s).load(OneRackShape.Resource.MEMORY, mask);
    }

    private ServiceGraph chain(String id, long... memoryMb) {
        return Chains.chain(rack, id, keys, memoryMb);
    }
}
