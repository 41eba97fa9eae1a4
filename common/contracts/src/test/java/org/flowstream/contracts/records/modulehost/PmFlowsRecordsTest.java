package org.flowstream.contracts.records.modulehost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.WireFormatException;
import org.junit.jupiter.api.Test;

/** pm_flows' request and answers: the keys docs/migration.md documents, both ways, read strictly. */
class PmFlowsRecordsTest {

    private static final PmFlowState MAPPING =
            new PmFlowState("udp", "10.0.0.1", 1000, "203.0.113.9", 53, "192.0.2.0", 40000, 250, "");

    @Test
    void aRequestCarriesTheDocumentedKeysAndReadsBackEqual() {
        PmFlowsRequest release = new PmFlowsRequest(
                "a1-nat", "release", "nat", "", List.of(MAPPING), List.of(new HandedOverPacket(0, "AAAA", 12)), 40);
        Map<String, Object> struct = Structs.toStruct(release);

        assertThat(struct).containsOnlyKeys("pm", "op", "element", "filter", "states", "packets", "quiet_ms");
        @SuppressWarnings("unchecked")
        Map<String, Object> state = (Map<String, Object>) ((Object[]) struct.get("states"))[0];
        assertThat(state)
                .containsOnlyKeys(
                        "protocol",
                        "inside",
                        "inside_port",
                        "outside",
                        "outside_port",
                        "external",
                        "external_port",
                        "idle_ms",
                        "phase");
        @SuppressWarnings("unchecked")
        Map<String, Object> packet = (Map<String, Object>) ((Object[]) struct.get("packets"))[0];
        assertThat(packet).containsOnlyKeys("port", "buffer", "held_us");
        assertThat(Structs.fromStruct(struct, PmFlowsRequest.class)).isEqualTo(release);
    }

    @Test
    void anElementsRequestNeedsOnlyThePmAndTheOp() {
        assertThat(Structs.fromStruct(Map.of("pm", "a1-nat", "op", "elements"), PmFlowsRequest.class))
                .isEqualTo(new PmFlowsRequest("a1-nat", "elements", null, null, null, null, null));
    }

    @Test
    void aRenamedKeyInTheRequestOrInAStateIsRefusedByName() {
        Map<String, Object> renamed = new LinkedHashMap<>(Map.of("pm", "a1-nat", "op", "hand_over", "quiet_msec", 40));
        assertThatThrownBy(() -> Structs.fromStruct(renamed, PmFlowsRequest.class))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("pm_flows' request: unknown field 'quiet_msec'");

        Map<String, Object> state = new LinkedHashMap<>(Structs.toStruct(MAPPING));
        state.put("idle_millis", state.remove("idle_ms"));
        PmFlowsRequest export = new PmFlowsRequest("a1-nat", "export", "nat", "", null, null, null);
        assertThatThrownBy(() -> export.readAnswer(new Object[] {state}))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("item 0: a pm_flows flow state: ")
                .hasMessageMatching(".*'idle_(ms|millis)'.*");
    }

    @Test
    void eachOpsAnswerIsReadAsItsRecord() {
        PmFlowsRequest export = new PmFlowsRequest("a1-nat", "export", "nat", "", null, null, null);
        assertThat(export.readAnswer(new Object[] {Structs.toStruct(MAPPING)})).isEqualTo(List.of(MAPPING));

        PmFlowsRequest handOver = new PmFlowsRequest("a1-nat", "hand_over", "nat", "", null, null, 40);
        assertThat(handOver.readAnswer(List.of(Map.of("port", 1, "buffer", "AAAA", "held_us", 7))))
                .isEqualTo(List.of(new HandedOverPacket(1, "AAAA", 7)));

        ReleaseSummary summary = new ReleaseSummary(3, 1, 10, 30, 30, List.of(5L, 10L, 30L));
        PmFlowsRequest release = new PmFlowsRequest("a1-nat", "release", "nat", "", null, List.of(), null);
        assertThat(release.readAnswer(Structs.toStruct(summary))).isEqualTo(summary);
        assertThatThrownBy(() -> release.readAnswer(Map.of("processed", 3)))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("pm_flows release's answer: field 'handed_over' is missing");

        PmFlowsRequest count = new PmFlowsRequest("a1-nat", "count", "nat", "", null, null, null);
        assertThat(count.readAnswer(4)).isEqualTo(4);
    }
}
