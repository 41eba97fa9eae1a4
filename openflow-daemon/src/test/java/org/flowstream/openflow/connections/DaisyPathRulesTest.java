package org.flowstream.openflow.connections;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.flowstream.contracts.records.openflow.DaisyPaths;
import org.flowstream.openflow.rules.Cookies;
import org.flowstream.openflow.rules.Rule;
import org.junit.jupiter.api.Test;

/**
 * The rules a phased move owns: daisy paths (and the acknowledgements' way back) above the wiring, and the new
 * instance's way out below it.
 */
class DaisyPathRulesTest {

    private static final long MOVE = Cookies.cookie(Cookies.OwnerKind.MOVE, 7);
    private static final long ALLOCATION = Cookies.allocation(7);

    @Test
    void eachOldPortGetsADaisyPathAndTheNewPortsLeaveWhereTheOldOnesDo() {
        // The allocation's wiring through the old NAT (ports 11, 12) between host A (1) and host B (2).
        List<Rule> wiring = List.of(
                Rule.of(0, 1000, "in_port=1,ip,nw_src=10.81.0.1", List.of("output:11"), ALLOCATION),
                Rule.of(0, 1000, "in_port=11", List.of("output:1"), ALLOCATION),
                Rule.of(0, 1000, "in_port=12", List.of("output:2"), ALLOCATION),
                Rule.of(0, 1000, "in_port=2,ip,nw_dst=198.51.100.7", List.of("output:12"), ALLOCATION));
        DaisyPaths paths = new DaisyPaths(
                "br0", 0, 7, List.of(new DaisyPaths.DaisyPath(11, 21), new DaisyPaths.DaisyPath(12, 22)));

        List<Rule> rules = DaisyPathRules.rulesFor(paths, wiring, MOVE);

        assertThat(rules)
                .containsExactlyInAnyOrder(
                        Rule.of(0, 65_000, "in_port=11,dl_type=0x88b5", List.of("output:21"), MOVE),
                        Rule.of(0, 65_000, "in_port=21,dl_type=0x88b5", List.of("output:11"), MOVE),
                        Rule.of(0, 999, "in_port=21", List.of("output:1"), MOVE),
                        Rule.of(0, 65_000, "in_port=12,dl_type=0x88b5", List.of("output:22"), MOVE),
                        Rule.of(0, 65_000, "in_port=22,dl_type=0x88b5", List.of("output:12"), MOVE),
                        Rule.of(0, 999, "in_port=22", List.of("output:2"), MOVE));
        // The allocation's own rules for the new ports (installed at the rewire) do not collide with these.
        assertThat(rules.stream().map(Rule::key))
                .doesNotContain(Rule.of(0, 1000, "in_port=21", List.of("output:1"), ALLOCATION)
                        .key());
    }

    @Test
    void everyPortOfTheNewInstanceSendsItsAcknowledgementsBackAboveThePlatformsDrop() {
        DaisyPaths paths = new DaisyPaths(
                "br0", 0, 7, List.of(new DaisyPaths.DaisyPath(11, 21), new DaisyPaths.DaisyPath(12, 22)));

        List<Rule> daisy = DaisyPathRules.rulesFor(paths, List.of(), MOVE);

        // An acknowledgement leaves the new PM by whichever port its packet's output took: each needs its way back.
        assertThat(daisy.stream().map(r -> r.match().toString()))
                .contains("in_port=21,dl_type=0x88b5", "in_port=22,dl_type=0x88b5");
        assertThat(daisy)
                .allSatisfy(r -> assertThat(r.priority())
                        .isGreaterThan(PlatformRules.rules().getFirst().priority()));
    }
}
