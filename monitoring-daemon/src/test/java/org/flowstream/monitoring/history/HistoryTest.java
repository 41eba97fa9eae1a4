package org.flowstream.monitoring.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HistoryTest {

    @Test
    void keepsOnlyTheNewestSamplesOldestFirst() {
        History<Integer> history = new History<>(3);
        for (int i = 1; i <= 5; i++) {
            history.add(i * 1000L, i);
        }
        assertThat(history.all()).extracting(Timestamped::value).containsExactly(3, 4, 5);
        assertThat(history.latest())
                .hasValueSatisfying(t -> assertThat(t.value()).isEqualTo(5));
        assertThat(history.size()).isEqualTo(3);
    }

    @Test
    void aSourceIsDownAfterTheConfiguredMissesInARowAndUpAtItsFirstAnswer() {
        SourceHealth health = new SourceHealth(3);
        assertThat(health.up()).isTrue();
        assertThat(health.missed("refused")).isEqualTo(SourceHealth.Change.NONE);
        assertThat(health.answered(1)).isEqualTo(SourceHealth.Change.NONE); // an answer resets the count
        assertThat(health.missed("refused")).isEqualTo(SourceHealth.Change.NONE);
        assertThat(health.missed("refused")).isEqualTo(SourceHealth.Change.NONE);
        assertThat(health.missed("timeout")).isEqualTo(SourceHealth.Change.WENT_DOWN);
        assertThat(health.up()).isFalse();
        assertThat(health.lastError()).isEqualTo("timeout");
        assertThat(health.missed("timeout")).isEqualTo(SourceHealth.Change.NONE); // reported once
        assertThat(health.answered(2)).isEqualTo(SourceHealth.Change.CAME_BACK);
        assertThat(health.up()).isTrue();
        assertThat(health.totalMisses()).isEqualTo(5);
    }

    @Test
    void ratesComeFromTheRecentWindowAndIgnoreCounterResets() {
        History<Long> history = new History<>(20);
        assertThat(Rates.perSecond(history, v -> v)).isZero();
        for (int i = 0; i <= 10; i++) {
            history.add(i * 1000L, i * 50L); // 50 per second
        }
        assertThat(Rates.perSecond(history, v -> v)).isEqualTo(50.0);
        history.add(11_000L, 7L); // the PM restarted and counts anew
        assertThat(Rates.perSecond(history, v -> v)).isZero();
    }
}
