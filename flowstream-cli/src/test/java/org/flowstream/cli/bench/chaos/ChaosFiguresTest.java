package org.flowstream.cli.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChaosFiguresTest {

    @Test
    void percentilesPerFaultAndTheirRatioToTheRoundWithoutFault() {
        List<Map<String, Object>> rounds = List.of(
                Map.of("fault", "none", "heal_s", 2.0),
                Map.of("fault", "pm", "heal_s", 3.0, "lost_max", 25),
                Map.of("fault", "pm", "heal_s", 5.0, "lost_max", 40),
                Map.of("fault", "pm", "heal_s", 4.0),
                Map.of("fault", "resource", "heal_s", 10.0));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> figures =
                (Map<String, Map<String, Object>>) (Map<?, ?>) ChaosFigures.healPercentiles(rounds);
        assertThat(figures.get("pm"))
                .containsEntry("rounds", 3)
                .containsEntry("p50", 4.0)
                .containsEntry("p99", 5.0)
                .containsEntry("p50_vs_no_fault", 2.0)
                .containsEntry("lost_per_allocation_max", 40);
        assertThat(figures.get("resource")).containsEntry("p50_vs_no_fault", 5.0);
        assertThat(figures.get("none"))
                .containsEntry("p50_vs_no_fault", 1.0)
                .containsEntry("lost_per_allocation_max", 0);
    }
}
