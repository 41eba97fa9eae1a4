package org.flowstream.modulehost.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Sends frames on an AF_PACKET socket, up to {@link #SLOTS} per {@code sendmmsg} call: each frame (virtio-net header
 * first) is copied into a native slot, or, when larger than a slot (a GSO super-packet), into a buffer of its own for
 * the call, and described by a {@code struct mmsghdr}; the socket is bound, so no address. Up to {@link #SLOTS}
 * frames thus leave in one system call, which a signal cannot cut in two (a packet socket's send to a veth does not
 * wait): a daisy-chain acknowledgement and the frame that carries it leave both or neither ({@link
 * Acknowledgements}).
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
            headers.set(ValueLayout.ADDRESS, (long) i * MMSGHDR + 16, iovecs.asSlice((long) i * IOVEC)); // msg_iov
            headers.set(ValueLayout.JAVA_LONG, (long) i * MMSGHDR + 24, 1); // msg_iovlen
        }
    }

    /**
     * Sends {@code packets[0..count)} in order, {@link #SLOTS} per system call; a frame the kernel refuses is set to
     * null in the array (the ones after it are still sent). Answers whether all went.
     */
    boolean send(Packet[] packets, int count) {
        boolean all = true;
        Arena large = null; // buffers of the frames larger than a slot, for this call
        try {
            int first = 0; // packets[first..i) are described by the first slots
            for (int i = 0; i < count; i++) {
                int slot = i - first;
                int bytes = Packet.HEADROOM + packets[i].length();
                MemorySegment buffer;
                if (bytes > SLOT_BYTES) {
                    large = large == null ? Arena.ofConfined() : large;
                    buffer = large.allocate(bytes);
                } else {
                    buffer = slots.asSlice((long) slot * SLOT_BYTES, SLOT_BYTES);
                }
                MemorySegment.copy(packets[i].buffer(), 0, buffer, ValueLayout.JAVA_BYTE, 0, bytes);
                iovecs.set(ValueLayout.ADDRESS, (long) slot * IOVEC, buffer); // iov_base
                iovecs.set(ValueLayout.JAVA_LONG, (long) slot * IOVEC + 8, bytes); // iov_len
                if (slot + 1 == SLOTS) {
                    all &= flush(packets, first, i + 1);
                    first = i + 1;
                }
            }
            return flush(packets, first, count) && all;
        } finally {
            if (large != null) {
                large.close();
            }
        }
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
}
