package org.flowstream.openflow.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.flowstream.contracts.records.openflow.BalancerConfig;
import org.flowstream.contracts.records.openflow.OffloadConfig;
import org.junit.jupiter.api.Test;

/** Commands' requests: struct or JSON text into contract records, and per-prefix counts, with errors naming the key. */
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
        assertThat(fromStruct.maxImbalance())
                .as("left out: filled in by the daemon")
                .isNull();
    }

    @Test
    void mistakesNameTheKey() {
        assertThatThrownBy(() -> JsonRequest.parse("{\"id\": 1, \"switch\": \"br0\"}", BalancerConfig.class, "config"))
                .hasMessage("lb_configure's config: field 'switch_name' is missing");
        assertThatThrownBy(() -> JsonRequest.parse("""
                        {"id": 1, "switch_name": "br0", "source_side_port": 1, "destination_side_port": 2,
                         "machines": [{"port": 3, "capacity": 2}], "intervall_millis": 5}""", BalancerConfig.class, "config"))
                .hasMessageStartingWith("lb_configure's config: unknown field 'intervall_millis' (known: ")
                .hasMessageContaining("interval_millis");
        assertThatThrownBy(() -> JsonRequest.parse(
                        Map.of("machines", List.of(Map.of("port", "three"))), BalancerConfig.class, "config"))
                .hasMessageContaining("'machines[0].port'");
        assertThatThrownBy(() -> JsonRequest.parse(42, BalancerConfig.class, "config"))
                .hasMessageContaining("config must be a struct");
        assertThatThrownBy(() -> JsonRequest.parse("{\"id\": 1,", BalancerConfig.class, "config"))
                .hasMessageStartingWith("config is not valid JSON");
    }

    @Test
    void requiredKeysAreRequiredAndOptionalOnesMayBeLeftOut() {
        assertThatThrownBy(() -> JsonRequest.parse(
                        Map.of("id", 1, "switch_name", "br0", "software_port", 2), OffloadConfig.class, "config"))
                .hasMessage("tfo_configure's config: field 'fast_path_port' is missing");
        OffloadConfig least = JsonRequest.parse(
                Map.of("id", 1, "switch_name", "br0", "software_port", 2, "fast_path_port", 3),
                OffloadConfig.class,
                "config");
        assertThat(least.inPort()).isNull();
        assertThat(least.windows()).isNull();
        assertThatThrownBy(() -> JsonRequest.parse(Map.of("port", 3), BalancerConfig.MachinePort.class, "machine"))
                .hasMessage("a balancer's machine: field 'capacity' is missing");
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
