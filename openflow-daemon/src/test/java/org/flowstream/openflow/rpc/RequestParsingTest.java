package org.flowstream.openflow.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.flowstream.openflow.balancing.BalancerConfig;
import org.junit.jupiter.api.Test;

/** Commands' requests: struct or JSON text into records, and per-prefix counts, with errors naming the key. */
class RequestParsingTest {

    @Test
    void aStructAndItsJsonTextGiveTheSameConfiguration() {
        Map<String, Object> struct = Map.of(
                "id",
                1,
                "switch_name",
                "br0",
                "source_side_port",
                1,
                "destination_side_port",
                2,
                "machines",
                new Object[] {Map.of("name", "a", "port", 3, "capacity", 2)});
        BalancerConfig fromStruct = JsonRequest.parse(struct, BalancerConfig.class, "config");
        BalancerConfig fromText = JsonRequest.parse("""
                {"id": 1, "switch_name": "br0", "source_side_port": 1, "destination_side_port": 2,
                 "machines": [{"name": "a", "port": 3, "capacity": 2}]}""", BalancerConfig.class, "config");
        assertThat(fromStruct).isEqualTo(fromText);
        assertThat(fromStruct.machines()).containsExactly(new BalancerConfig.MachinePort("a", 3, 2.0));
    }

    @Test
    void mistakesNameTheKey() {
        assertThatThrownBy(() -> JsonRequest.parse("{\"id\": 1, \"switch\": \"br0\"}", BalancerConfig.class, "config"))
                .hasMessageStartingWith("config: unknown key 'switch' (known: ")
                .hasMessageContaining("switch_name");
        assertThatThrownBy(() -> JsonRequest.parse(
                        Map.of("machines", List.of(Map.of("port", "three"))), BalancerConfig.class, "config"))
                .hasMessageContaining("key 'machines[0].port'");
        assertThatThrownBy(() -> JsonRequest.parse(42, BalancerConfig.class, "config"))
                .hasMessageContaining("must be a struct");
    }

    @Test
    void prefixCountsRefuseHostBitsAndNegativeCounts() {
        assertThat(PrefixCounts.parse(Map.of("10.1.2.0/24", 5), "loads"))
                .containsEntry(Ipv4Prefix.parse("10.1.2.0/24"), 5.0);
        assertThat(PrefixCounts.parse("{\"0.0.0.0/0\": 1.5}", "loads")).containsEntry(Ipv4Prefix.ROOT, 1.5);
        assertThatThrownBy(() -> PrefixCounts.parse(Map.of("10.1.2.3/24", 5), "loads"))
                .hasMessageContaining("bad prefix '10.1.2.3/24'");
        assertThatThrownBy(() -> PrefixCounts.parse(Map.of("10.1.2.0/24", -5), "loads"))
                .hasMessageContaining("must be a number >= 0");
        assertThatThrownBy(() -> PrefixCounts.parse(Map.of("ten/8", 5), "loads"))
                .hasMessageContaining("bad prefix 'ten/8'");
    }
}
