package org.flowstream.openflow.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.flowstream.openflow.rules.Rule;
import org.junit.jupiter.api.Test;

class CounterDeltasTest {

    private static final Rule A = Rule.of(0, 100, "ip,in_port=1", List.of("output:2"), 1);
    private static final Rule B = Rule.of(0, 100, "ip,in_port=2", List.of("output:1"), 1);

    private static StatsCollector.FlowCounters c(Rule r, long packets) {
        return new StatsCollector.FlowCounters("br", r, packets, packets * 60, 1);
    }

    @Test
    void eachCallReportsWhatEveryRuleCountedSinceThePreviousOne() {
        CounterDeltas d = new CounterDeltas();
        d.baseline(List.of(c(A, 100)));
        List<CounterDeltas.Delta> first = d.next(List.of(c(A, 130), c(B, 7)));
        assertThat(first).containsExactly(new CounterDeltas.Delta(A, 30, 1800), new CounterDeltas.Delta(B, 7, 420));
        // The same snapshot again: nothing new. A counter that went down was re-installed: its value is all since.
        assertThat(d.next(List.of(c(A, 130), c(B, 7))))
                .extracting(CounterDeltas.Delta::packets)
                .containsExactly(0L, 0L);
        assertThat(d.next(List.of(c(A, 5), c(B, 9))))
                .extracting(CounterDeltas.Delta::packets)
                .containsExactly(5L, 2L);
    }
}
