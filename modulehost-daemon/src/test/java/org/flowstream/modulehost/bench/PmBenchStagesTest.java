package org.flowstream.modulehost.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** bench pm says where along the PM path frames were lost, from the counters at each hop. */
class PmBenchStagesTest {

    @Test
    void eachHopsLossIsTheDifferenceOfItsCounters() {
        Map<String, Long> lost = PmBenchCommand.stageLosses(
                40_000,
                Map.of("switch_to_pm", 39_990L, "pm_rx", 39_000L, "pm_tx", 38_990L, "switch_from_pm", 38_000L),
                37_995);

        assertThat(lost)
                .containsEntry("lost_before_pm_port", 10L)
                .containsEntry("lost_at_pm_socket", 990L)
                .containsEntry("lost_in_pm", 10L)
                .containsEntry("lost_at_switch_from_pm", 990L)
                .containsEntry("lost_after", 5L)
                .containsEntry("pm_rx", 39_000L);
    }
}
