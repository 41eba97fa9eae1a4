package org.flowstream.modulehost.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A hand-over's wait for the PM's receive loops ({@link RuntimeContext#markReceived}): a loop has pushed through
 * what had reached the PM by the mark once it drained after a kernel read that began after the mark, or after one
 * that waited across the mark and found nothing; interfaces no loop reads do not hold the wait up.
 */
class ReceiveDrainTest {

    /** Frames queued "in the kernel": each receive is a read that takes one, or waits for one up to a timeout. */
    private static final class QueuedIo implements PacketIo {
        final BlockingQueue<Packet> queue = new LinkedBlockingQueue<>();
        final CountDownLatch reading = new CountDownLatch(1);
        volatile long waitMillis;

        @Override
        public Packet receive() {
            reading.countDown();
            try {
                return queue.poll(waitMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        @Override
        public void send(Packet packet) {}

        @Override
        public void close() {}
    }

    private static Packet frame() {
        return FakeDevices.ipv4(Packet.PROTO_UDP, "10.0.0.1", 1000, "203.0.113.9", 53, 10);
    }

    @Test
    void aFrameReadBeforeTheMarkIsNotEnoughTheLoopMustReadAgainAfterIt() throws Exception {
        QueuedIo io = new QueuedIo();
        RuntimeContext context = new RuntimeContext(name -> io);
        Device device = context.device("p0");
        context.device("p1"); // sent on only: no loop reads it
        io.queue.add(frame());
        io.queue.add(frame());
        assertThat(device.receive()).isNotNull(); // read before the mark; one more frame waits in the "kernel"
        RuntimeContext.ReceiveMark mark = context.markReceived();
        assertThat(context.markReceived().awaitDrained(10_000)).isTrue(); // the loop has never drained: none to wait
        device.drained();
        mark = context.markReceived();
        assertThat(mark.awaitDrained(20)).isFalse(); // the frame queued at the mark is not read yet
        assertThat(device.receive()).isNotNull(); // a read after the mark takes it
        device.drained();
        assertThat(mark.awaitDrained(10_000)).isTrue();
    }

    @Test
    void anIdleReadThatWaitsAcrossTheMarkAndFindsNothingIsEnough() throws Exception {
        QueuedIo io = new QueuedIo();
        RuntimeContext context = new RuntimeContext(name -> io);
        Device device = context.device("p0");
        device.receive(); // nothing queued: an idle loop
        device.drained();
        io.waitMillis = 300;
        CompletableFuture<Void> loop = CompletableFuture.runAsync(() -> {
            device.receive(); // begins before the mark, finds nothing until its wait ends after it
            device.drained(); // and the loop reads no more
        });
        assertThat(io.reading.await(10, TimeUnit.SECONDS)).isTrue();
        RuntimeContext.ReceiveMark mark = context.markReceived();
        assertThat(mark.awaitDrained(5_000)).isTrue();
        loop.get(10, TimeUnit.SECONDS);
    }
}
