package org.flowstream.modulehost.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A hand-over's wait for the PM's receive loops: it ends only once every loop has drained twice since the mark (the
 * frames already read, then those the kernel had queued), and interfaces no loop reads do not hold it up.
 */
class ReceiveDrainTest {

    @Test
    void theWaitEndsOnlyAfterEveryReceiveLoopDrainedTwiceSinceItBegan() throws Exception {
        RuntimeContext context = new FakeDevices().context();
        Device read = context.device("p0");
        context.device("p1"); // sent on only: no loop reads it
        read.drained(); // the loop ran before the mark
        RuntimeContext.ReceiveMark mark = context.markReceived();
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return mark.awaitDrained(10_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        assertThat(waiting).isNotDone();
        read.drained();
        Thread.sleep(50);
        assertThat(waiting).isNotDone(); // one drain may only have emptied what was read before the wait
        read.drained();
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aLoopThatNeverDrainsEndsTheWaitAtItsBoundAndSaysSo() throws Exception {
        RuntimeContext context = new FakeDevices().context();
        context.device("p0").drained();
        assertThat(context.markReceived().awaitDrained(20)).isFalse();
        assertThat(new FakeDevices().context().markReceived().awaitDrained(10_000))
                .isTrue(); // no loop reads anything
    }
}
