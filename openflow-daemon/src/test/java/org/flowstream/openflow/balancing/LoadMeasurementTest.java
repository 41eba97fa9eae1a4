package org.flowstream.openflow.balancing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.flowstream.contracts.records.openflow.BalancerConfig;
import org.flowstream.openflow.rules.Rule;
import org.flowstream.openflow.stats.StatsCollector;
import org.junit.jupiter.api.Test;

/** The two load sources of §2.2.5 and how a period picks between them. */
class LoadMeasurementTest {

    private static BalancerPlan plan(String source) {
        return BalancerPlan.fresh(BalancerConfigs.check(BalancerConfigs.withDefaults(new BalancerConfig(
                1L, "br", BalancerServiceTest.THREE, null, null, null, 1, 2, null, null, source, 0L))));
    }

    /** Switch counters of the plan's rules: every rule towards {@code machine} counted {@code packets}. */
    private static List<StatsCollector.FlowCounters> counters(BalancerPlan plan, int port, long packets) {
        List<StatsCollector.FlowCounters> list = new ArrayList<>();
        for (Rule r : plan.rules()) {
            boolean towards =
                    r.actions().contains("output:" + port) && !r.actions().contains("strip_vlan");
            list.add(new StatsCollector.FlowCounters("br", r, towards ? packets : 0, towards ? packets * 100 : 0, 1));
        }
        return list;
    }

    @Test
    void ruleCountersGiveThePeriodsLoadPerInstalledPrefix() {
        BalancerPlan plan = plan("counters");
        LoadMeasurement m = new LoadMeasurement();
        m.baseline(List.of());
        LoadMeasurement.Period first = m.close(plan, counters(plan, 4, 500));
        assertThat(first.source()).isEqualTo("counters");
        // m2 (port 4): each of its prefixes is matched on both sides, two rules of 500 packets per prefix,
        // and all of it is measured inside m2's prefixes.
        List<Ipv4Prefix> m2 = plan.assignment().prefixes().entrySet().stream()
                .filter(e -> e.getValue().equals("m2"))
                .map(Map.Entry::getKey)
                .toList();
        assertThat(m2).isNotEmpty();
        assertThat(first.loads().total()).isCloseTo(1000.0 * m2.size(), within(1e-6));
        assertThat(m2.stream().mapToDouble(p -> first.loads().load(p)).sum())
                .isCloseTo(1000.0 * m2.size(), within(1e-6));
        // The next period counts only what came since.
        LoadMeasurement.Period second = m.close(plan, counters(plan, 4, 800));
        assertThat(second.loads().total()).isCloseTo(600.0 * m2.size(), within(1e-6));
    }

    @Test
    void autoPrefersReportsWhenAnyArrivedAndNeverAddsTheTwo() {
        BalancerPlan plan = plan("auto");
        LoadMeasurement m = new LoadMeasurement();
        m.baseline(List.of());
        m.reports().add(Map.of(Ipv4Prefix.parse("10.0.0.0/24"), 7.0), 100);
        LoadMeasurement.Period withReports = m.close(plan, counters(plan, 3, 50));
        assertThat(withReports.source()).isEqualTo("reports");
        assertThat(withReports.loads().total()).isCloseTo(700, within(1e-6));
        LoadMeasurement.Period without = m.close(plan, counters(plan, 3, 80));
        assertThat(without.source()).isEqualTo("counters");
        assertThat(without.reports()).isZero();
    }

    @Test
    void withoutAStartingPointTheFirstPeriodIgnoresTheCountersHistory() {
        BalancerPlan plan = plan("counters");
        LoadMeasurement m = new LoadMeasurement(); // as after a restart: the counters hold all history
        assertThat(m.close(plan, counters(plan, 4, 10_000)).source()).isEqualTo("none");
        long rulesTowardsM2 =
                counters(plan, 4, 1).stream().filter(c -> c.packets() > 0).count();
        assertThat(m.close(plan, counters(plan, 4, 10_100)).loads().total())
                .isCloseTo(100.0 * rulesTowardsM2, within(1e-6));
    }
}
