package org.flowstream.contracts.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.records.modulehost.HostLoad;
import org.flowstream.contracts.records.modulehost.PmFailure;
import org.flowstream.contracts.records.modulehost.PmLoad;
import org.flowstream.contracts.records.modulehost.PmStartup;
import org.flowstream.contracts.records.modulehost.PortCounters;
import org.junit.jupiter.api.Test;

class StructsTest {

    static final HostLoad LOAD = new HostLoad(
            "mh1",
            4.0,
            0.5,
            8192,
            4096,
            150,
            384,
            List.of(new PmLoad(
                    "a1-fw",
                    "running",
                    1.25,
                    null,
                    5_000_000_000L,
                    null,
                    Map.of("p0", new PortCounters(10, 1000, 9, 900, 0L)))),
            new PmStartup("fast", "ready"));

    @Test
    void writesSnakeCaseKeysAndPlainXmlRpcValuesOnly() {
        Map<String, Object> struct = Structs.toStruct(LOAD);

        assertThat(struct).containsKeys("host", "cpu_cores", "load_average_1m", "memory_total_mb", "pm_startup");
        assertThat(struct.get("memory_total_mb")).isEqualTo(8192); // a long that fits travels as an int
        Object[] pms = (Object[]) struct.get("pms");
        @SuppressWarnings("unchecked")
        Map<String, Object> pm = (Map<String, Object>) pms[0];
        assertThat(pm).doesNotContainKey("memory_bytes"); // no nil in XML-RPC: absent
        assertThat(pm.get("rss_bytes")).isEqualTo(5.0e9); // past 32 bits: a double, never an i8
    }

    @Test
    void readsBackWhatItWrote() {
        assertThat(Structs.fromStruct(Structs.toStruct(LOAD), HostLoad.class)).isEqualTo(LOAD);
    }

    @Test
    void aMissingRequiredFieldIsNamedWithTheMessage() {
        Map<String, Object> struct = new LinkedHashMap<>(Structs.toStruct(LOAD));
        struct.remove("cpu_cores");

        assertThatThrownBy(() -> Structs.fromStruct(struct, HostLoad.class))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("get_load's answer: field 'cpu_cores' is missing");
    }

    @Test
    void aMissingFieldDeepInsideIsNamedByItsPath() {
        Map<String, Object> struct = new LinkedHashMap<>(Structs.toStruct(LOAD));
        Map<String, Object> pm = new LinkedHashMap<>((Map<String, Object>) ((Object[]) struct.get("pms"))[0]);
        pm.remove("state");
        struct.put("pms", new Object[] {pm});

        assertThatThrownBy(() -> Structs.fromStruct(struct, HostLoad.class))
                .hasMessage("get_load's answer: field 'pms[0].state' is missing");
    }

    @Test
    void aRenamedFieldIsRefusedNotIgnored() {
        Map<String, Object> struct = new LinkedHashMap<>(Structs.toStruct(LOAD));
        struct.put("memory_available", struct.remove("memory_available_mb"));

        assertThatThrownBy(() -> Structs.fromStruct(struct, HostLoad.class))
                .hasMessageStartingWith("get_load's answer: ")
                .hasMessageContaining("memory_available");
    }

    @Test
    void anUnknownFieldIsRefusedWithTheKnownOnes() {
        Map<String, Object> struct = Map.of("host", "mh1", "name", "p", "state", "failed", "exit_kode", 1);

        assertThatThrownBy(() -> Structs.fromStruct(struct, PmFailure.class))
                .hasMessage(
                        "pm_failed's report: unknown field 'exit_kode' (known: exit_code, failure, host, name, state)");
    }

    @Test
    void aNumberWithAFractionIsNotCutToAnInt() {
        Map<String, Object> struct = new LinkedHashMap<>(Structs.toStruct(LOAD));
        struct.put("cpu_percent_reserved", 3.5);

        assertThatThrownBy(() -> Structs.fromStruct(struct, HostLoad.class))
                .hasMessage("get_load's answer: field 'cpu_percent_reserved' must be an int, got the double 3.5");
    }

    @Test
    void aWholeDoubleIsReadAsAnIntAndATooLargeOneIsRefused() {
        Map<String, Object> struct = new LinkedHashMap<>(Structs.toStruct(LOAD));
        struct.put("cpu_percent_reserved", 150.0);
        assertThat(Structs.fromStruct(struct, HostLoad.class)).isEqualTo(LOAD);

        struct.put("cpu_percent_reserved", 5e9);
        assertThatThrownBy(() -> Structs.fromStruct(struct, HostLoad.class))
                .hasMessage("get_load's answer: field 'cpu_percent_reserved' must be an int, got the double 5.0E9");
    }

    @Test
    void aWrongTypeIsSaidInXmlRpcWords() {
        Map<String, Object> struct = new LinkedHashMap<>(Structs.toStruct(LOAD));
        struct.put("cpu_percent_reserved", "lots");

        assertThatThrownBy(() -> Structs.fromStruct(struct, HostLoad.class))
                .hasMessage("get_load's answer: field 'cpu_percent_reserved' must be an int, got the string \"lots\"");
    }

    @Test
    void notAStructAtAll() {
        assertThatThrownBy(() -> Structs.fromStruct("mh1", HostLoad.class))
                .hasMessage("get_load's answer must be a struct, got the string \"mh1\"");
    }

    @Test
    void optionalFieldsMayBeLeftOut() {
        PmFailure failure =
                Structs.fromStruct(Map.of("host", "mh1", "name", "a1-fw", "state", "failed"), PmFailure.class);

        assertThat(failure.exitCode()).isNull();
        assertThat(failure.failure()).isNull();
    }

    @Test
    void arraysAreReadItemByItem() {
        Object[] array = {Structs.toStruct(new PortCounters(1, 2, 3, 4, null)), Map.of("rx_packets", 1)};

        assertThatThrownBy(() -> Structs.fromArray(array, PortCounters.class))
                .hasMessage("item 1: a port's counters: field 'rx_bytes' is missing");
    }
}
