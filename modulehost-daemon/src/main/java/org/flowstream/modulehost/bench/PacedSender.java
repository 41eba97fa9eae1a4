package org.flowstream.modulehost.bench;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.PacketIo;

/**
 * Offers frames to an interface at a steady rate: every 100 microseconds it sends (in one batch) the frames due
 * since the start, so the offered load is what was asked for and not what the sender's CPU share allows; with no
 * rate it sends as fast as the socket takes them (the former blast).
 */
final class PacedSender {

    private static final long TICK_NANOS = 100_000;
    private static final int MAX_BATCH = 64;

    /** What one run offered: frames the socket took, and the nanoseconds from the first send to the last. */
    record Offered(long frames, long nanos) {
        double pps() {
            return nanos <= 0 ? 0 : frames * 1e9 / nanos;
        }
    }

    private final PacketIo socket;
    private final Packet[] batch = new Packet[MAX_BATCH];
    private final Packet frame;

    PacedSender(PacketIo socket, byte[] frame) {
        this.socket = socket;
        this.frame = Packet.ofFrame(frame);
    }

    /** Sends {@code count} frames at {@code pps} packets per second (0: as fast as possible). */
    Offered send(long count, long pps) {
        long start = System.nanoTime();
        long sent = 0;
        long taken = 0;
        while (sent < count) {
            long due = pps <= 0 ? count : Math.min(count, (System.nanoTime() - start) * pps / 1_000_000_000L + 1);
            int n = (int) Math.min(MAX_BATCH, due - sent);
            if (n <= 0) {
                LockSupport.parkNanos(TICK_NANOS);
                continue;
            }
            Arrays.fill(batch, 0, n, frame);
            socket.send(batch, n); // frames the socket refused (its queue full) come back null: lost
            for (int i = 0; i < n; i++) {
                taken += batch[i] != null ? 1 : 0;
            }
            sent += n;
        }
        return new Offered(taken, System.nanoTime() - start);
    }
}
