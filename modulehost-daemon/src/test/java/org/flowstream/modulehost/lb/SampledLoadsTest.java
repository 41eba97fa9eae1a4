package org.flowstream.modulehost.lb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** From samplers' running totals to one period's estimated packets per prefix. */
class SampledLoadsTest {

    private final SampledLoads loads = new SampledLoads();

    @Test
    void eachPeriodCountsWhatWasSampledSinceTheLastScaledAndSummedOverSamplers() {
        Map<String, Long> first = loads.period(List.of(
                new SampledLoads.Sampler("a-fw/s", 100, Map.of("10.1.2.0/24", 3L)),
                new SampledLoads.Sampler("a-lb/s", 10, Map.of("10.1.2.0/24", 5L, "10.9.0.0/24", 1L))));
        assertThat(first).containsExactly(Map.entry("10.1.2.0/24", 350L), Map.entry("10.9.0.0/24", 10L));

        Map<String, Long> second = loads.period(List.of(
                new SampledLoads.Sampler("a-fw/s", 100, Map.of("10.1.2.0/24", 4L)),
                new SampledLoads.Sampler("a-lb/s", 10, Map.of("10.1.2.0/24", 5L, "10.9.0.0/24", 1L))));
        assertThat(second).containsExactly(Map.entry("10.1.2.0/24", 100L)); // unchanged counters add nothing
    }

    @Test
    void aRestartedPmsCountersStartAgainAndAGoneSamplerIsForgotten() {
        loads.period(List.of(new SampledLoads.Sampler("a-fw/s", 1, Map.of("10.1.2.0/24", 50L))));
        assertThat(loads.period(List.of(new SampledLoads.Sampler("a-fw/s", 1, Map.of("10.1.2.0/24", 7L)))))
                .containsExactly(Map.entry("10.1.2.0/24", 7L));
        assertThat(loads.period(List.of())).isEmpty();
        assertThat(loads.period(List.of(new SampledLoads.Sampler("a-fw/s", 1, Map.of("10.1.2.0/24", 7L)))))
                .containsExactly(Map.entry("10.1.2.0/24", 7L));
    }

    @Test
    void samplersAreFoundAmongElementStatisticsByTheirCounters() {
        Map<String, Map<String, Object>> stats = Map.of(
                "a1-fw",
                Map.of(
                        "c", Map.of("count", 5),
                        "s", Map.of("one_in", 100, "address", "src", "samples", Map.of("10.1.2.0/24", 2))));
        assertThat(LoadReporter.samplersIn(stats))
                .containsExactly(new SampledLoads.Sampler("a1-fw/s", 100, Map.of("10.1.2.0/24", 2L)));
    }
}
