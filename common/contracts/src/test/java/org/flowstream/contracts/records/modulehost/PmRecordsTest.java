package org.flowstream.contracts.records.modulehost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.WireFormatException;
import org.junit.jupiter.api.Test;

/** The PM struct's documented keys (docs/modulehost-daemon.md) survive the records, both ways. */
class PmRecordsTest {

    private static final PmDescription RUNNING = new PmDescription(
            "a1-fw",
            "0abcde",
            "linux.netns",
            "running",
            "2026-12-06T07:00:00Z",
            4242,
            "fspm-0abcde",
            List.of(new PmPortDescription("p0", "fs0abcdep0", 7, "02:00:00:00:00:01")),
            Map.of("mechanism", "cgroup-v2", "memory_bytes", 134217728L),
            128,
            50,
            null,
            null,
            new PmStats(Map.of("p0", Map.of("rx_packets", 3)), Map.of()),
            Map.of("rss_bytes", 60_000_000L));

    @Test
    void aRunningPmTravelsWithTheDocumentedKeysAndReadsBackEqual() {
        Map<String, Object> struct = Structs.toStruct(RUNNING);

        assertThat(struct.keySet())
                .containsExactly(
                        "name",
                        "id",
                        "basesys",
                        "state",
                        "created",
                        "pid",
                        "namespace",
                        "ports",
                        "limits",
                        "memory_mb",
                        "cpu_percent",
                        "stats",
                        "usage");
        @SuppressWarnings("unchecked")
        Map<String, Object> port = (Map<String, Object>) ((Object[]) struct.get("ports"))[0];
        assertThat(port).containsOnlyKeys("name", "interface", "ofport", "mac");
        PmDescription read = Structs.fromStruct(struct, PmDescription.class);
        assertThat(read.ports()).isEqualTo(RUNNING.ports());
        assertThat(read.name()).isEqualTo(RUNNING.name());
        assertThat(read.pid()).isEqualTo(4242);
    }

    @Test
    void aPmWithoutAProcessLeavesItsProcessFieldsOut() {
        PmDescription starting = new PmDescription(
                "a1-fw",
                "0abcde",
                "linux.netns",
                "starting",
                "2026-12-06T07:00:00Z",
                null,
                null,
                null,
                null,
                128,
                50,
                null,
                null,
                null,
                null);

        assertThat(Structs.toStruct(starting))
                .containsOnlyKeys("name", "id", "basesys", "state", "created", "memory_mb", "cpu_percent");
        assertThat(Structs.fromStruct(Structs.toStruct(starting), PmDescription.class))
                .isEqualTo(starting);
    }

    @Test
    void aRequestNeedsOnlyNameAndConfigAndRefusesWhatAPmDoesNotHave() {
        PmRequest minimal =
                Structs.fromStruct(Map.of("name", "fw", "config", "FromDevice(p0) -> Discard"), PmRequest.class);
        assertThat(minimal).isEqualTo(new PmRequest("fw", "FromDevice(p0) -> Discard", null, null, null, null));

        Map<String, Object> request = new LinkedHashMap<>(Structs.toStruct(minimal));
        request.put("memory", 128);
        assertThatThrownBy(() -> Structs.fromStruct(request, PmRequest.class))
                .isInstanceOf(WireFormatException.class)
                .hasMessage(
                        "create_pm's pm: unknown field 'memory' (known: basesys, config, cpu_percent, memory_mb, name, ports)");
        assertThatThrownBy(() -> Structs.fromStruct(Map.of("config", "x"), PmRequest.class))
                .hasMessage("create_pm's pm: field 'name' is missing");
    }
}
