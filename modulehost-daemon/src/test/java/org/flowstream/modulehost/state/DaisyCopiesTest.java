package org.flowstream.modulehost.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.flowstream.contracts.net.Ipv4Address;
import org.flowstream.modulehost.runtime.Packet;
import org.junit.jupiter.api.Test;

/** The old instance's copies of what it daisy-chained: numbered, dropped when acknowledged, replayed in order. */
class DaisyCopiesTest {

    private static final FlowKey A = flow("10.1.0.1");
    private static final FlowKey B = flow("10.9.0.1");

    @Test
    void eachCopyHasTheNextSequenceNumberAndAnAcknowledgementDropsIt() {
        DaisyCopies copies = new DaisyCopies();
        assertThat(copies.keep(0, packet(100), A, 1)).isZero();
        assertThat(copies.keep(0, packet(100), A, 2)).isEqualTo(1);
        assertThat(copies.keep(1, packet(100), B, 3)).isEqualTo(2);
        copies.acknowledged(new int[] {1, 7}, 4); // 7 was never sent: ignored
        assertThat(stats(copies)).containsEntry("daisy_unacknowledged", 2).containsEntry("daisy_acknowledged", 1L);
        assertThat(copies.lastAcknowledgedNanos()).isEqualTo(4);
    }

    @Test
    void theReplayIsTheFiltersUnacknowledgedCopiesInTheOrderTheyLeft() {
        DaisyCopies copies = new DaisyCopies();
        for (int i = 0; i < 6; i++) {
            copies.keep(i % 2, packet(60 + i), i % 3 == 2 ? B : A, i);
        }
        copies.acknowledged(new int[] {0, 3}, 10);
        FlowFilter inside = FlowFilter.parse("inside 10.1.0.0/16");
        assertThat(copies.anyOf(inside)).isTrue();
        assertThat(copies.takeForReplay(inside).stream().map(c -> c.packet().length()))
                .containsExactly(61, 64);
        assertThat(copies.anyOf(inside)).isFalse();
        assertThat(stats(copies)).containsEntry("daisy_replayed", 2L).containsEntry("daisy_unacknowledged", 2);
        copies.forget(FlowFilter.parse(""));
        assertThat(stats(copies)).containsEntry("daisy_unacknowledged", 0).containsEntry("daisy_replayed", 2L);
    }

    @Test
    void beyondItsCapacityTheOldestCopyIsDroppedAndCounted() {
        DaisyCopies copies = new DaisyCopies(250);
        for (int i = 0; i < 4; i++) {
            copies.keep(0, packet(100), A, i);
        }
        assertThat(stats(copies)).containsEntry("daisy_unacknowledged", 2).containsEntry("daisy_copies_dropped", 2L);
        assertThat(copies.takeForReplay(FlowFilter.parse("")).stream().map(DaisyCopies.Copy::atNanos))
                .containsExactly(2L, 3L);
    }

    private static Map<String, Object> stats(DaisyCopies copies) {
        Map<String, Object> stats = new HashMap<>();
        copies.addStats(stats);
        return stats;
    }

    private static Packet packet(int length) {
        return Packet.ofFrame(new byte[length]);
    }

    private static FlowKey flow(String inside) {
        return new FlowKey(
                17,
                Ipv4Address.parse(inside).bits(),
                5000,
                Ipv4Address.parse("10.2.0.1").bits(),
                53,
                0,
                0);
    }
}
