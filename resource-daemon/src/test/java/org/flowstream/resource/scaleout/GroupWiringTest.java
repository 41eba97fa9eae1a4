package org.flowstream.resource.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.records.openflow.ConnectionWiring;
import org.flowstream.contracts.records.openflow.WiringPath;
import org.flowstream.contracts.records.resource.PlacedPm;
import org.flowstream.lang.AllocationLanguage;
import org.flowstream.lang.CheckResult;
import org.flowstream.lang.model.NetworkService;
import org.flowstream.resource.allocation.WiringBuilder;
import org.junit.jupiter.api.Test;

/** A NAT group's units and its split wiring, from a real request and the allocation's own wiring. */
class GroupWiringTest {

    private static final String REQUEST = """
            BASESYS=linux.netns
            inside :: FromNet("ip,nw_src=10.81.0.0/24", IONODE net0)
            outside :: FromNet("ip,nw_dst=198.51.100.8/31", IONODE net1)
            nat :: IPRewriter(EXTERNAL 198.51.100.8/31, PAIR_PREFIX 25, IDLE 120)
            toB :: ToNet(net1)
            toA :: ToNet(net0)
            inside -> [0]nat[0] -> toB
            outside -> [1]nat[1] -> toA
            """;
    private static final PlacedPm FIRST = new PlacedPm("nat", "mh1", "nat-1", Map.of("p0", 3, "p1", 4));
    private static final PlacedPm SECOND = new PlacedPm("nat", "mh2", "nat-2", Map.of("p0", 5, "p1", 6));

    private static NetworkService service(String request) {
        CheckResult result = AllocationLanguage.check("nat.click", request);
        assertThat(result.diagnostics()).isEmpty();
        return result.service();
    }

    @Test
    void eachInsidePrefixOfThePairPrefixIsAUnitWithTheExternalAddressItPairsWith() {
        NetworkService service = service(REQUEST);

        assertThat(NatUnits.of(service, service.module("nat").orElseThrow()))
                .extracting(GroupUnit::toString)
                .containsExactly("10.81.0.0/25 (198.51.100.8)", "10.81.0.128/25 (198.51.100.9)");
    }

    @Test
    void aNatWhosePairingDoesNotCutItsTrafficIntoOneUnitPerExternalAddressIsRefusedInWords() {
        for (String pairing : List.of(", PAIR_PREFIX 26", "")) {
            NetworkService service = service(REQUEST.replace(", PAIR_PREFIX 25", pairing));
            assertThatThrownBy(() -> NatUnits.of(service, service.module("nat").orElseThrow()))
                    .hasMessage("NAT nat cannot run as a group: its inside traffic 10.81.0.0/24 and its pool "
                            + "198.51.100.8/31 of 2 address(es) split into units with PAIR_PREFIX 25 (one inside /25 "
                            + "per external address), and it has "
                            + (pairing.isEmpty() ? "none" : "PAIR_PREFIX 26"));
        }
    }

    @Test
    void everyPathIntoTheGroupIsSplitPerUnitThroughItsOwnersPorts() {
        NetworkService service = service(REQUEST);
        ConnectionWiring wiring = new WiringBuilder(Map.of("net0", 1, "net1", 2)).build(7, service, List.of(FIRST));
        List<GroupUnit> units = NatUnits.of(service, service.module("nat").orElseThrow());
        Map<GroupUnit, PlacedPm> owners = new LinkedHashMap<>();
        owners.put(units.get(0), FIRST);
        owners.put(units.get(1), SECOND);

        ConnectionWiring split = GroupWiring.split(wiring, FIRST, owners);

        assertThat(split.allocId()).isEqualTo(7);
        // The allocation's wiring has every way through the NAT (a PM may send from any input to any output):
        // each is split per unit, through the same interfaces of the unit's owner.
        assertThat(split.paths())
                .extracting(GroupWiringTest::describe)
                .containsExactlyInAnyOrder(
                        "ip,nw_src=10.81.0.0/25 from 1 via 3/3 to 2",
                        "ip,nw_src=10.81.0.128/25 from 1 via 5/5 to 2",
                        "ip,nw_src=10.81.0.0/25 from 1 via 3/4 to 1",
                        "ip,nw_src=10.81.0.128/25 from 1 via 5/6 to 1",
                        "ip,nw_dst=198.51.100.8 from 2 via 4/4 to 1",
                        "ip,nw_dst=198.51.100.9 from 2 via 6/6 to 1",
                        "ip,nw_dst=198.51.100.8 from 2 via 4/3 to 2",
                        "ip,nw_dst=198.51.100.9 from 2 via 6/5 to 2");
        assertThat(wiring.paths()).hasSize(4);
        // One owner for every unit: the allocation's own wiring, narrowed per unit, through the first instance.
        Map<GroupUnit, PlacedPm> allFirst = new LinkedHashMap<>();
        units.forEach(u -> allFirst.put(u, FIRST));
        assertThat(GroupWiring.split(wiring, FIRST, allFirst).paths())
                .extracting(GroupWiringTest::describe)
                .hasSize(8)
                .allMatch(path -> path.matches(".* via [34]/[34] .*"));
    }

    private static String describe(WiringPath path) {
        return "%s from %d via %d/%d to %d"
                .formatted(
                        path.match(),
                        path.fromPort(),
                        path.pms().get(0).inPort(),
                        path.pms().get(0).outPort(),
                        path.toPort());
    }
}
