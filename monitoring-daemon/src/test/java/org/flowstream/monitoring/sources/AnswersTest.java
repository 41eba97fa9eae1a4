package org.flowstream.monitoring.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.PortCounters;
import org.flowstream.contracts.records.monitoring.ConnectionCounters;
import org.flowstream.contracts.records.openflow.FlowStats;
import org.flowstream.contracts.records.openflow.RuleCounters;
import org.junit.jupiter.api.Test;

/**
 * Other daemons' answers: big counters arrive as doubles; get_load is read strictly by its contract record, the
 * others (openflow's rule and port statistics) still leniently.
 */
class AnswersTest {

    static Map<String, Object> load(Map<String, Object> p0) {
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("host", "mh1");
        load.put("cpu_cores", 8);
        load.put("load_average_1m", 0.5);
        load.put("memory_total_mb", 16384);
        load.put("memory_available_mb", 1024);
        load.put("cpu_percent_reserved", 0);
        load.put("memory_mb_reserved", 0);
        load.put("pm_startup", Map.of("mode", "fast", "aot_cache", "ready"));
        load.put("pms", new Object[] {
            Map.of(
                    "name",
                    "a1-fw",
                    "state",
                    "running",
                    "rss_bytes",
                    4096,
                    "ports",
                    Map.of("p0", p0, "p1", Map.of("rx_packets", 0, "rx_bytes", 0, "tx_packets", 3, "tx_bytes", 0)))
        });
        return load;
    }

    @Test
    void getLoadIsReadWithCountersPastTwoToTheThirtyOne() {
        HostSample sample = HostSample.fromGetLoad(
                "registered-name",
                load(Map.of("rx_packets", 5_000_000_000.0, "rx_bytes", 7, "tx_packets", 0, "tx_bytes", 0)));
        assertThat(sample.host()).isEqualTo("mh1");
        assertThat(sample.cpuCores()).isEqualTo(8.0);
        assertThat(sample.memoryTotalMb()).isEqualTo(16384);
        PmSample pm = sample.pm("a1-fw").orElseThrow();
        assertThat(pm.memoryBytes()).isEqualTo(4096); // no cgroup figure: the resident set
        assertThat(pm.ports().get("p0").rxPackets()).isEqualTo(5_000_000_000L);
        assertThat(pm.total()).isEqualTo(new PortCounters(5_000_000_000L, 7, 3, 0, null));
    }

    @Test
    void aHostSampleShowsInGetHistoryWithTheDaemonsSnakeCaseNames() {
        HostSample sample = HostSample.fromGetLoad(
                "mh1", load(Map.of("rx_packets", 5, "rx_bytes", 7, "tx_packets", 0, "tx_bytes", 0, "tx_errors", 1)));
        Map<String, Object> shown = sample.toStruct();
        assertThat(shown)
                .containsOnlyKeys(
                        "host", "cpu_cores", "load_average_1m", "memory_total_mb", "memory_available_mb", "pms");
        assertThat(shown.get("load_average_1m")).isEqualTo(0.5);
        @SuppressWarnings("unchecked")
        Map<String, Object> pm = (Map<String, Object>) ((Object[]) shown.get("pms"))[0];
        assertThat(pm).containsOnlyKeys("name", "state", "cpu_seconds", "memory_bytes", "ports");
        assertThat(pm.get("memory_bytes")).isEqualTo(4096);
        @SuppressWarnings("unchecked")
        Map<String, Object> ports = (Map<String, Object>) pm.get("ports");
        assertThat(ports.keySet()).containsExactly("p0", "p1");
        assertThat(ports.get("p0"))
                .isEqualTo(Map.of("rx_packets", 5, "rx_bytes", 7, "tx_packets", 0, "tx_bytes", 0, "tx_errors", 1));
        assertThat(ports.get("p1")).isEqualTo(Map.of("rx_packets", 0, "rx_bytes", 0, "tx_packets", 3, "tx_bytes", 0));
    }

    @Test
    void aGetLoadAnswerThatBreaksTheContractIsRefusedNamingTheField() {
        // A hand-written reader read a missing counter as 0; a renamed one must not pass as "no traffic".
        assertThatThrownBy(() -> HostSample.fromGetLoad(
                        "mh1", load(Map.of("rx_pkts", 5, "rx_bytes", 7, "tx_packets", 0, "tx_bytes", 0))))
                .hasMessage("get_load's answer: field 'pms[0].ports.p0.rx_packets' is missing");
        assertThatThrownBy(() -> HostSample.fromGetLoad("mh9", "not a struct"))
                .hasMessage("get_load's answer must be a struct, got the string \"not a struct\"");
    }

    static RuleCounters rule(int priority, String match, long packets, long bytes) {
        return new RuleCounters(0, priority, match, "output:10", "0xf54", "allocation 4", "br0", packets, bytes, 3);
    }

    @Test
    void flowStatsKeepEveryRuleWithItsCounters() {
        FlowStats sent = new FlowStats(
                4,
                "allocation 4",
                "0xf54",
                10,
                640,
                List.of(rule(100, "ip", 10, 640), rule(90, "ip,in_port=10", 9, 600)),
                "2026-01-01T00:00:00Z");
        AllocationFlows flows = AllocationFlows.fromWire(4, Structs.toStruct(sent));
        assertThat(flows.allocId()).isEqualTo(4);
        assertThat(flows.packets()).isEqualTo(10);
        assertThat(flows.rules()).extracting(ConnectionCounters::priority).containsExactly(100, 90);
        assertThat(flows.toStruct().get("rules")).asList().hasSize(2);
    }

    @Test
    void flowStatsForAnotherAllocationAreRefused() {
        FlowStats sent = new FlowStats(5, "allocation 5", "0xf55", 0, 0, List.of(), "");
        assertThatThrownBy(() -> AllocationFlows.fromWire(4, Structs.toStruct(sent)))
                .hasMessage("get_flow_stats(4) answered for allocation 5");
    }
}
