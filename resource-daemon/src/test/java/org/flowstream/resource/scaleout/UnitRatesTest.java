package org.flowstream.resource.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowstream.contracts.net.Ipv4Address;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.flowstream.contracts.records.openflow.FlowStats;
import org.flowstream.contracts.records.openflow.RuleCounters;
import org.flowstream.contracts.records.resource.GroupStatus;
import org.junit.jupiter.api.Test;

/** Each unit's packets per second from its own rules' counters between two polls of the switch. */
class UnitRatesTest {

    private static final GroupUnit LOW =
            new GroupUnit(Ipv4Prefix.parse("10.81.0.0/25"), Ipv4Address.parse("198.51.100.8"));
    private static final GroupUnit HIGH =
            new GroupUnit(Ipv4Prefix.parse("10.81.0.128/25"), Ipv4Address.parse("198.51.100.9"));
    private static final List<GroupUnit> UNITS = List.of(HIGH, LOW);

    private static RuleCounters rule(String match, long packets) {
        return new RuleCounters(0, 100, match, "output:5", "0x7", "allocation 7", "fsbr0", packets, 64 * packets, 3);
    }

    /** The allocation's rules as the openflow daemon lists them: each unit's two entry rules, and a later hop. */
    private static FlowStats stats(String at, long low, long lowReturn, long high, long highReturn, long hop) {
        return new FlowStats(
                7,
                "allocation 7",
                "0x7",
                0,
                0,
                List.of(
                        rule("ip,in_port=1,nw_src=10.81.0.0/25", low),
                        rule("ip,in_port=2,nw_dst=198.51.100.8", lowReturn),
                        rule("ip,in_port=1,nw_src=10.81.0.128/25", high),
                        rule("ip,in_port=2,nw_dst=198.51.100.9", highReturn),
                        rule("in_port=5", hop)),
                at);
    }

    @Test
    void aUnitsRateIsThePacketsOfItsOwnRulesOverTheTimeBetweenTwoPolls() {
        UnitRates rates = new UnitRates();
        rates.record(7, UNITS, stats("2026-12-07T09:00:00Z", 100, 100, 1_000, 1_000, 5_000));
        assertThat(rates.packetsPerSecond(7)).as("one reading is no rate yet").isEmpty();

        rates.record(7, UNITS, stats("2026-12-07T09:00:02Z", 120, 110, 3_000, 2_600, 9_000));

        assertThat(rates.packetsPerSecond(7))
                .containsExactly(Map.entry("10.81.0.0/25", 15.0), Map.entry("10.81.0.128/25", 1_800.0));
        assertThat(rates.loads(7))
                .containsExactly(
                        new GroupStatus.UnitLoad("10.81.0.0/25", 15.0),
                        new GroupStatus.UnitLoad("10.81.0.128/25", 1_800.0));
        assertThat(rates.packetsPerSecond(8)).isEmpty();
    }

    @Test
    void aReadingNoNewerThanTheLastIsIgnored() {
        UnitRates rates = new UnitRates();
        rates.record(7, UNITS, stats("", 0, 0, 0, 0, 0)); // the openflow daemon has not polled yet
        rates.record(7, UNITS, stats("2026-12-07T09:00:00Z", 100, 100, 1_000, 1_000, 0));
        rates.record(7, UNITS, stats("2026-12-07T09:00:01Z", 200, 100, 1_000, 1_000, 0));
        rates.record(7, UNITS, stats("2026-12-07T09:00:01Z", 900, 900, 9_000, 9_000, 0)); // same poll time

        assertThat(rates.packetsPerSecond(7))
                .containsEntry("10.81.0.0/25", 100.0)
                .containsEntry("10.81.0.128/25", 0.0);
    }

    @Test
    void aCounterThatGoesBackStartsANewPeriodAndTheUnitKeepsItsLastRate() {
        UnitRates rates = new UnitRates();
        rates.record(7, UNITS, stats("2026-12-07T09:00:00Z", 100, 100, 1_000, 1_000, 0));
        rates.record(7, UNITS, stats("2026-12-07T09:00:01Z", 200, 200, 1_500, 1_500, 0));

        // The high unit's inside rule was rewritten (a move): its counter starts again from 0.
        rates.record(7, UNITS, stats("2026-12-07T09:00:02Z", 300, 300, 40, 2_000, 0));
        assertThat(rates.packetsPerSecond(7))
                .containsEntry("10.81.0.0/25", 200.0)
                .containsEntry("10.81.0.128/25", 1_000.0);

        rates.record(7, UNITS, stats("2026-12-07T09:00:04Z", 300, 300, 440, 2_400, 0));
        assertThat(rates.packetsPerSecond(7)).containsEntry("10.81.0.0/25", 0.0).containsEntry("10.81.0.128/25", 400.0);
    }

    @Test
    void aUnitWhoseRulesChangedStartsANewPeriodAndGroupsGoneAreForgotten() {
        UnitRates rates = new UnitRates();
        rates.record(7, UNITS, stats("2026-12-07T09:00:00Z", 100, 100, 1_000, 1_000, 0));
        FlowStats oneRuleGone = new FlowStats(
                7,
                "allocation 7",
                "0x7",
                0,
                0,
                List.of(rule("ip,in_port=1,nw_src=10.81.0.0/25", 5_000)),
                "2026-12-07T09:00:01Z");
        rates.record(7, UNITS, oneRuleGone);
        assertThat(rates.packetsPerSecond(7)).isEmpty();

        rates.record(7, List.of(LOW), stats("2026-12-07T09:00:02Z", 5_100, 0, 0, 0, 0));
        assertThat(rates.packetsPerSecond(7)).isEmpty(); // the return rule is back: another set of rules

        rates.record(7, List.of(LOW), stats("2026-12-07T09:00:03Z", 5_150, 10, 0, 0, 0));
        assertThat(rates.packetsPerSecond(7)).containsExactly(Map.entry("10.81.0.0/25", 60.0));

        rates.retainOnly(Set.of(8));
        assertThat(rates.packetsPerSecond(7)).isEmpty();
    }

    @Test
    void aPollTimeThatIsNotAnInstantIsRefusedInWords() {
        assertThatThrownBy(() -> new UnitRates().record(7, UNITS, stats("yesterday", 0, 0, 0, 0, 0)))
                .hasMessageContaining("updated_at 'yesterday' is not an ISO-8601 instant");
    }
}
