package org.flowstream.monitoring.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Other daemons' answers are read leniently: big counters as doubles, numeric strings, missing fields. */
class AnswersTest {

    @Test
    void getLoadIsReadWithCountersPastTwoToTheThirtyOneAndMissingFields() {
        Map<String, Object> load =
                Map.of("host", "mh1", "cpu_cores", 8, "memory_total_mb", "16384", "pms", new Object[] {
                    Map.of(
                            "name",
                            "a1-fw",
                            "state",
                            "running",
                            "rss_bytes",
                            4096,
                            "ports",
                            Map.of(
                                    "p0",
                                    Map.of("rx_packets", 5_000_000_000.0, "rx_bytes", 7),
                                    "p1",
                                    Map.of("tx_packets", 3)))
                });
        HostSample sample = HostSample.fromGetLoad("registered-name", load);
        assertThat(sample.host()).isEqualTo("mh1");
        assertThat(sample.cpuCores()).isEqualTo(8.0);
        assertThat(sample.memoryTotalMb()).isEqualTo(16384);
        assertThat(sample.loadAverage1m()).isZero();
        PmSample pm = sample.pm("a1-fw").orElseThrow();
        assertThat(pm.memoryBytes()).isEqualTo(4096);
        assertThat(pm.ports().get("p0").rxPackets()).isEqualTo(5_000_000_000L);
        assertThat(pm.total()).isEqualTo(new PortCounters(5_000_000_000L, 7, 3, 0));
        assertThat(HostSample.fromGetLoad("mh9", "not a struct").host()).isEqualTo("mh9");
    }

    @Test
    void flowStatsKeepEveryRuleWithItsCounters() {
        AllocationFlows flows = AllocationFlows.fromWire(
                4,
                Map.of(
                        "packets",
                        10,
                        "bytes",
                        640,
                        "rules",
                        List.of(
                                Map.of(
                                        "switch",
                                        "br0",
                                        "table",
                                        0,
                                        "priority",
                                        100,
                                        "match",
                                        "ip",
                                        "packets",
                                        10,
                                        "bytes",
                                        640),
                                Map.of(
                                        "switch",
                                        "br0",
                                        "table",
                                        0,
                                        "priority",
                                        90,
                                        "match",
                                        "ip,in_port=10",
                                        "packets",
                                        9,
                                        "bytes",
                                        600))));
        assertThat(flows.allocId()).isEqualTo(4);
        assertThat(flows.packets()).isEqualTo(10);
        assertThat(flows.rules()).extracting(RuleSample::priority).containsExactly(100, 90);
        assertThat(flows.toStruct().get("rules")).asList().hasSize(2);
    }
}
