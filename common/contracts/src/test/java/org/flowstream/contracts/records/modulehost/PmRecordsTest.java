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
            new EnforcedLimits("cgroup-v2", 134217728L, 50_000L, 100_000L, List.of("/sys/fs/cgroup/fs/0abcde"), null),
            128,
            50,
            null,
            null,
            new PmStats(
                    Map.of("p0", new PortCounters(3, 180, 2, 120, 0L)),
                    Map.of("count", new ElementCounters(Map.of("count", 3L, "byte_count", 180L)))),
            new PmUsage(0.75, 60_000_000L, 62_000_000L, 0L));

    @Test
    @SuppressWarnings("unchecked")
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
        assertThat(read).isEqualTo(RUNNING);
        assertThat(((Map<String, ?>) struct.get("limits")).keySet())
                .containsExactlyInAnyOrder("mechanism", "memory_bytes", "cpu_quota_us", "cpu_period_us", "cgroups");
        assertThat(((Map<String, ?>) struct.get("usage")).keySet())
                .containsExactlyInAnyOrder("cpu_seconds", "rss_bytes", "memory_bytes", "cpu_throttled_periods");
        assertThat(((Map<String, ?>) struct.get("stats")).keySet()).containsExactlyInAnyOrder("ports", "elements");
    }

    @Test
    void aHostWithoutCgroupsStatesItsLimitsInItsOwnKeys() {
        Map<String, Object> jvmOnly =
                Map.of("mechanism", "jvm", "memory_bytes", 134217728L, "cpu", "not capped (no cgroups)");
        EnforcedLimits read = Structs.fromStruct(jvmOnly, EnforcedLimits.class);
        assertThat(read).isEqualTo(new EnforcedLimits("jvm", 134217728L, null, null, null, "not capped (no cgroups)"));
        assertThat(Structs.toStruct(read))
                .isEqualTo(Map.of("mechanism", "jvm", "memory_bytes", 134217728, "cpu", "not capped (no cgroups)"));
    }

    @Test
    void aKeyRenamedInsideLimitsUsageOrStatsIsRefusedByItsPath() {
        Map<String, Object> struct = Structs.toStruct(RUNNING);

        assertThatThrownBy(() -> Structs.fromStruct(
                        renamed(struct, "limits", "memory_bytes", "memory_mib"), PmDescription.class))
                .isInstanceOf(WireFormatException.class)
                .hasMessageMatching("a PM struct: .*'limits\\.memory_(mib|bytes)'.*");
        assertThatThrownBy(() -> Structs.fromStruct(renamed(struct, "usage", "rss_bytes", "rss"), PmDescription.class))
                .hasMessage("a PM struct: unknown field 'usage.rss' (known: cpu_seconds, cpu_throttled_periods,"
                        + " memory_bytes, rss_bytes)");
        @SuppressWarnings("unchecked")
        Map<String, Object> stats = (Map<String, Object>) struct.get("stats");
        @SuppressWarnings("unchecked")
        Map<String, Object> ports = (Map<String, Object>) stats.get("ports");
        Map<String, Object> renamedPorts =
                Map.of("p0", renamed(ports, "p0", "rx_packets", "rx_pkts").get("p0"));
        Map<String, Object> renamedStats = new LinkedHashMap<>(stats);
        renamedStats.put("ports", renamedPorts);
        Map<String, Object> pm = new LinkedHashMap<>(struct);
        pm.put("stats", renamedStats);
        assertThatThrownBy(() -> Structs.fromStruct(pm, PmDescription.class))
                .hasMessageMatching("a PM struct: .*'stats\\.ports\\.p0\\.rx_p(kts|ackets)'.*");
    }

    @Test
    void anElementsCountersKeepTheirNamesAndReadTheSameHoweverTheyTravelled() {
        Map<String, Object> reported = new LinkedHashMap<>();
        reported.put("dropped", 3); // an int in the PM's stats file
        reported.put("rule1_matches", 5_000_000_000L);
        reported.put("address", "dst");
        reported.put("samples", Map.of("10.1.2.0/24", 100L));
        reported.put("frozen", List.of("nw_src=10.0.0.1"));
        reported.put("rate", 12.5);
        reported.put("unset", null); // the runtime's null (a NaN): XML-RPC has no nil
        ElementCounters atHost = ElementCounters.reported(reported);

        Object wire = Structs.toStruct(new PmStats(Map.of(), Map.of("fw", atHost)));
        PmStats read = Structs.fromStruct(wire, PmStats.class);

        assertThat(read.elements().get("fw")).isEqualTo(atHost);
        assertThat(atHost.counters())
                .containsExactly(
                        Map.entry("dropped", 3L),
                        Map.entry("rule1_matches", 5_000_000_000L),
                        Map.entry("address", "dst"),
                        Map.entry("samples", Map.of("10.1.2.0/24", 100L)),
                        Map.entry("frozen", List.of("nw_src=10.0.0.1")),
                        Map.entry("rate", 12.5));
    }

    @Test
    void aCounterNestedDeeperThanOneStructIsRefusedInWordsOnTheWireAndFlattenedAtTheHost() {
        Map<String, Map<String, Object>> deep = Map.of("fw", Map.of("by_port", Map.of("p0", Map.of("rx", 1))));
        assertThatThrownBy(() -> Structs.fromStruct(Map.of("ports", Map.of(), "elements", deep), PmStats.class))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("a PM's stats")
                .hasMessageContaining("counter 'by_port.p0' must be a number, a string, a boolean, or one list or"
                        + " struct of them; got a struct");

        ElementCounters atHost = ElementCounters.reported(deep.get("fw"));
        assertThat(atHost.counters()).isEqualTo(Map.of("by_port", Map.of("p0", "{rx=1}")));
    }

    @Test
    void theStatsFileOfAPmRuntimeReadsAsItsPortAndElementCounters() {
        Map<String, Object> written = new LinkedHashMap<>();
        written.put("name", "a1-count");
        written.put("pid", 4242);
        written.put("state", "running");
        written.put("updated_ms", 1_765_000_000_000L);
        written.put(
                "ports",
                Map.of(
                        "p0",
                        Map.of("rx_packets", 3, "rx_bytes", 180, "tx_packets", 2, "tx_bytes", 120, "tx_errors", 0)));
        written.put("elements", Map.of("count", Map.of("count", 3, "byte_count", 180)));

        PmStats stats = PmStats.fromStatsFile(written);

        assertThat(stats).isEqualTo(RUNNING.stats());
        assertThat(PmStats.fromStatsFile(Map.of())).isEqualTo(new PmStats(Map.of(), Map.of()));
        Map<String, Object> renamed = new LinkedHashMap<>(written);
        renamed.put("ports", Map.of("p0", Map.of("rx_packets", 3)));
        assertThatThrownBy(() -> PmStats.fromStatsFile(renamed))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("field 'ports.p0.rx_bytes' is missing");
    }

    @Test
    void aHostsPmStartUpTravelsAsItsRecord() {
        assertThat(Structs.toStruct(new PmStartup("fast", "ready")))
                .isEqualTo(Map.of("mode", "fast", "aot_cache", "ready"));
        assertThatThrownBy(() -> Structs.fromStruct(Map.of("mode", "fast"), PmStartup.class))
                .hasMessage("a host's PM start-up: field 'aot_cache' is missing");

        PmStartup pooled = new PmStartup(
                "pooled", "ready", new WarmPoolState(true, 2, 3, Map.of("128", new WarmPoolState.Slots(1, 1)), 5, 0));
        Map<String, Object> struct = Structs.toStruct(pooled);
        assertThat(Structs.fromStruct(struct, PmStartup.class)).isEqualTo(pooled);
        Map<String, Object> renamedCount = renamed(struct, "pool", "pms_from_slots", "pms_from_pool");
        assertThatThrownBy(() -> Structs.fromStruct(renamedCount, PmStartup.class))
                .hasMessage("a host's PM start-up: field 'pool.pms_from_slots' is missing");
    }

    /** {@code struct} with the key {@code from} of its member struct {@code member} renamed {@code to}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> renamed(Map<String, Object> struct, String member, String from, String to) {
        Map<String, Object> inner = new LinkedHashMap<>((Map<String, Object>) struct.get(member));
        inner.put(to, inner.remove(from));
        Map<String, Object> out = new LinkedHashMap<>(struct);
        out.put(member, inner);
        return out;
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
