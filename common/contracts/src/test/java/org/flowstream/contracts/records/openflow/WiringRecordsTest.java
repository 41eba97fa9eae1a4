package org.flowstream.contracts.records.openflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.WireFormatException;
import org.junit.jupiter.api.Test;

/** The wiring's and the rule changes' documented keys (docs/openflow-daemon.md) survive the records. */
class WiringRecordsTest {

    @Test
    void theWiringTravelsWithTheDocumentedKeys() {
        ConnectionWiring wiring = new ConnectionWiring(
                7, null, false, List.of(new WiringPath("ip", 1, 2, List.of(new WiringHop("fw1", null, 3L, 4L)))));
        Map<String, Object> struct = Structs.toStruct(wiring);
        assertThat(struct).containsOnlyKeys("alloc_id", "vlan", "paths");
        @SuppressWarnings("unchecked")
        Map<String, Object> path = (Map<String, Object>) ((Object[]) struct.get("paths"))[0];
        assertThat(path).containsOnlyKeys("match", "from_port", "to_port", "pms");
        @SuppressWarnings("unchecked")
        Map<String, Object> hop = (Map<String, Object>) ((Object[]) path.get("pms"))[0];
        assertThat(hop).containsOnlyKeys("name", "in_port", "out_port");
        assertThat(Structs.fromStruct(struct, ConnectionWiring.class)).isEqualTo(wiring);
    }

    @Test
    void aWiringWithoutItsAllocationOrWithAStrangeKeyIsRefusedByName() {
        assertThatThrownBy(() -> Structs.fromStruct(Map.of("paths", new Object[0]), ConnectionWiring.class))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("create_connections' alloc: field 'alloc_id' is missing");
        assertThatThrownBy(() -> Structs.fromStruct(
                        Map.of("alloc_id", 1, "paths", new Object[0], "colour", 1), ConnectionWiring.class))
                .hasMessageContaining("unknown field 'colour'");
    }

    @Test
    void aRuleChangeAndAReconciliationSayTheSwitchAsDocumented() {
        assertThat(Structs.toStruct(new RuleChange("br0", 1, 2, true, "ok")))
                .containsOnlyKeys("switch", "added", "removed", "applied", "message");
        assertThat(Structs.toStruct(new ReconcileSummary("br0", 3, 2, 1, 0, 0, "2026-12-06T09:00:00Z", 4)))
                .containsOnlyKeys("switch", "desired", "unchanged", "added", "removed", "foreign_kept", "at", "millis");
    }
}
