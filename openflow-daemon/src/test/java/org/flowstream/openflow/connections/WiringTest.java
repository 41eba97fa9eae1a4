package org.flowstream.openflow.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.flowstream.openflow.rules.Cookies;
import org.flowstream.openflow.rules.Rule;
import org.junit.jupiter.api.Test;

class WiringTest {

    @Test
    void readsTheShortAndTheLongFormAndAStruct() {
        Wiring shortForm = Wiring.parse(
                "{\"alloc_id\": 3, \"match\": \"ip,nw_src=10.0.0.0/8\", \"from_port\": 1, \"to_port\": 2, \"pms\": [{\"port\": 5}]}");
        Wiring longForm = Wiring.parse(
                "{\"alloc_id\": 3, \"paths\": [{\"match\": \"ip,nw_src=10.0.0.0/8\", \"from_port\": 1, \"to_port\": 2, \"pms\": [{\"port\": 5}]}]}");
        assertThat(shortForm.paths()).isEqualTo(longForm.paths());
        Wiring struct = Wiring.parse(Map.of(
                "alloc_id", 3, "match", "ip,nw_src=10.0.0.0/8", "from_port", 1, "to_port", 2, "pms", new Object[] {
                    Map.of("port", 5)
                }));
        assertThat(struct.paths()).isEqualTo(shortForm.paths());
        assertThat(shortForm.paths().get(0).pms().get(0)).isEqualTo(new Wiring.Pm("pm0", 5, 5));
        assertThat(Wiring.allocId("42")).isEqualTo(42);
        assertThat(Wiring.allocId(42)).isEqualTo(42);
        assertThat(Wiring.allocId("{\"alloc_id\": 9}")).isEqualTo(9);
    }

    @Test
    void badWiringNamesTheField() {
        assertThatThrownBy(() -> Wiring.parse("{\"match\": \"ip\", \"from_port\": 1, \"to_port\": 2}"))
                .hasMessageContaining("field 'alloc_id' is missing");
        assertThatThrownBy(() -> Wiring.parse("{\"alloc_id\": 1, \"match\": \"ip\", \"from_port\": 0, \"to_port\": 2}"))
                .hasMessageContaining("from_port");
        assertThatThrownBy(() -> Wiring.parse(
                        "{\"alloc_id\": 1, \"match\": \"ip,in_port=3\", \"from_port\": 1, \"to_port\": 2}"))
                .hasMessageContaining("in_port");
        assertThatThrownBy(() -> Wiring.parse(
                        "{\"alloc_id\": 1, \"match\": \"ip\", \"from_port\": 1, \"to_port\": 2, \"colour\": 1}"))
                .hasMessageContaining("unknown field 'colour'");
        assertThatThrownBy(() -> Wiring.parse("not json")).hasMessageContaining("not valid JSON");
    }

    @Test
    void aWiringStaysBelowThePlatformsRules() {
        String wiring = "{\"alloc_id\": 1, \"priority\": %d, \"match\": \"\", \"from_port\": 1, \"to_port\": 2}";
        assertThat(Wiring.parse(wiring.formatted(PlatformRules.DAISY_DROP_PRIORITY - 1))
                        .priority())
                .isEqualTo(64998);
        assertThatThrownBy(() -> Wiring.parse(wiring.formatted(PlatformRules.DAISY_DROP_PRIORITY)))
                .hasMessage("alloc: 'priority' is 64999, outside 1 to 64998");
    }

    @Test
    void aChainOfPmsGetsATagPerHop() {
        Wiring w = Wiring.parse(
                "{\"alloc_id\": 5, \"match\": \"ip\", \"from_port\": 1, \"to_port\": 2, \"pms\": [{\"port\": 3}, {\"in_port\": 4, \"out_port\": 5}]}");
        List<Rule> rules = ConnectionManager.rulesFor(0, w, List.of(List.of(100, 101, 102)), Cookies.allocation(5));
        assertThat(rules.stream()
                        .map(r -> r.match() + " -> " + String.join(",", r.actions()))
                        .toList())
                .containsExactly(
                        "ip,in_port=1 -> mod_vlan_vid:100,output:3",
                        "in_port=3,dl_vlan=101 -> output:4",
                        "in_port=5,dl_vlan=102 -> strip_vlan,output:2");
        Wiring untagged = Wiring.parse(
                "{\"alloc_id\": 5, \"vlan\": false, \"match\": \"ip\", \"from_port\": 1, \"to_port\": 2, \"pms\": [{\"port\": 3}]}");
        assertThat(ConnectionManager.rulesFor(0, untagged, List.of(List.of()), 1L).stream()
                        .map(r -> r.match() + " -> " + String.join(",", r.actions()))
                        .toList())
                .containsExactly("ip,in_port=1 -> output:3", "in_port=3 -> output:2");
    }

    @Test
    void pathsThatFanOutShareTheirFirstHopsOnce() {
        // A mirror (ports 5 and 6) after a firewall (port 3): two paths, one per mirror output.
        Wiring w = Wiring.parse(
                "{\"alloc_id\": 6, \"vlan\": false, \"paths\": ["
                        + "{\"match\": \"ip\", \"from_port\": 1, \"to_port\": 2, \"pms\": [{\"port\": 3}, {\"in_port\": 5, \"out_port\": 5}]},"
                        + "{\"match\": \"ip\", \"from_port\": 1, \"to_port\": 2, \"pms\": [{\"port\": 3}, {\"in_port\": 5, \"out_port\": 6}]}]}");
        List<Rule> rules = ConnectionManager.rulesFor(0, w, List.of(List.of(), List.of()), 1L);
        assertThat(rules.stream()
                        .map(r -> r.match() + " -> " + String.join(",", r.actions()))
                        .toList())
                .containsExactly(
                        "ip,in_port=1 -> output:3",
                        "in_port=3 -> output:5",
                        "in_port=5 -> output:2",
                        "in_port=6 -> output:2");
        Wiring conflicting = Wiring.parse("{\"alloc_id\": 6, \"vlan\": false, \"paths\": ["
                + "{\"match\": \"ip\", \"from_port\": 1, \"to_port\": 2, \"pms\": [{\"port\": 3}]},"
                + "{\"match\": \"ip\", \"from_port\": 1, \"to_port\": 2, \"pms\": [{\"port\": 4}]}]}");
        assertThatThrownBy(() -> ConnectionManager.rulesFor(0, conflicting, List.of(List.of(), List.of()), 1L))
                .hasMessageContaining("two paths of the wiring disagree");
    }
}
