package org.flowstream.modulehost.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Sends frames on an AF_PACKET socket up to {@link #SLOTS} per {@code sendmmsg} call: each frame (virtio-net header
 * first) is copied into a native slot and described by a {@code struct mmsghdr}; the socket is bound, so no
 * address. A frame larger than a slot (a GSO super-packet) goes out alone with {@code send}.
 *
 * <p>Not thread-safe: {@link PacketSocket} holds its send lock.
 */
final class SendBatch {

    static final int SLOTS = 32;
    private static final int SLOT_BYTES = 2048; // a full-size Ethernet frame plus the virtio header
    private static final int MMSGHDR = 64; // struct mmsghdr on 64-bit Linux: msghdr (56) + msg_len + padding
    private static final int IOVEC = 16;

    private final int fd;
    private final MemorySegment headers;
    private final MemorySegment iovecs;
    private final MemorySegment slots;

    SendBatch(int fd) {
        this.fd = fd;
        Arena arena = Arena.ofAuto();
        headers = arena.allocate((long) SLOTS * MMSGHDR, 8);
        iovecs = arena.allocate((long) SLOTS * IOVEC, 8);
        slots = arena.allocate((long) SLOTS * SLOT_BYTES, 64);
        for (int i = 0; i < SLOTS; i++) {
            iovecs.set(ValueLayout.ADDRESS, (long) i * IOVEC, slots.asSlice((long) i * SLOT_BYTES));
            headers.set(ValueLayout.ADDRESS, (long) i * MMSGHDR + 16, iovecs.asSlice((long) i * IOVEC)); // msg_iov
            headers.set(ValueLayout.JAVA_LONG, (long) i * MMSGHDR + 24, 1); // msg_iovlen
        }
    }

    /**
     * Sends {@code packets[0..count)} in order; a frame the kernel refuses is set to null in the array (the ones after
     * it are still sent). Answers whether all went.
     */
    boolean send(Packet[] packets, int count) {
        boolean all = true;
        int first = 0; // packets[first..i) are in the slots
        for (int i = 0; i < count; i++) {
            Packet packet = packets[i];
            int bytes = Packet.HEADROOM + packet.length();
            if (bytes > SLOT_BYTES) {
                all &= flush(packets, first, i);
                first = i + 1;
                if (!sendAlone(packet, bytes)) {
                    packets[i] = null;
                    all = false;
                }
                continue;
            }
            int slot = i - first;
            MemorySegment.copy(packet.buffer(), 0, slots, ValueLayout.JAVA_BYTE, (long) slot * SLOT_BYTES, bytes);
            iovecs.set(ValueLayout.JAVA_LONG, (long) slot * IOVEC + 8, bytes); // iov_len
            if (slot + 1 == SLOTS) {
                all &= flush(packets, first, i + 1);
                first = i + 1;
            }
        }
        return flush(packets, first, count) && all;
    }

    /** Sends the slots holding {@code packets[from..to)}; nulls those the kernel refused. */
    private boolean flush(Packet[] packets, int from, int to) {
        boolean all = true;
        int done = 0;
        int queued = to - from;
        while (done < queued) {
            int n = Libc.sendmmsg(fd, headers.asSlice((long) done * MMSGHDR), queued - done, 0);
            if (n > 0) {
                done += n;
            } else if (n < 0 && Libc.errno() == Libc.EINTR) {
                continue;
            } else {
                packets[from + done] = null; // refused (e.g. ENOBUFS): lost, like a frame dropped on a wire
                all = false;
                done++;
            }
        }
        return all;
    }

    private boolean sendAlone(Packet packet, int bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(bytes);
            MemorySegment.copy(packet.buffer(), 0, buffer, ValueLayout.JAVA_BYTE, 0, bytes);
            return Libc.send(fd, buffer, bytes, 0) == bytes;
        }
    }
}
