package org.flowstream.modulehost.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Receives frames from an AF_PACKET socket up to {@link #SLOTS} per {@code recvmmsg} call (MSG_WAITFORONE: waits for
 * the first, takes what else is queued). What waits for the PM is the socket's receive buffer (4 MB, thousands of
 * frames whatever the rate), so a PM thread that is not scheduled for a while under load loses nothing.
 *
 * <p>Why not the {@link ReceiveRing} by default: a TPACKET_V3 ring hands over a block when it is full or a timeout
 * old, so at low rates each block holds a few frames and the ring holds a few milliseconds of traffic; the migration
 * tests lost 5 % of a 2,000 packets/s stream on a machine with load 30. A ring as deep as the socket buffer would
 * be mapped into every PM (megabytes of resident memory).
 *
 * <p>Frame buffers are an anonymous mapping, so only the pages frames were written to count in resident memory.
 * Not thread-safe: {@link PacketSocket} holds its receive lock.
 */
final class ReceiveBatch implements PacketSocket.Receiver {

    static final int SLOTS = 32;
    private static final int MSG_WAITFORONE = 0x10000;
    private static final int MSG_TRUNC = 0x20;
    private static final int MMSGHDR = 64; // struct mmsghdr on 64-bit Linux: msghdr (56) + msg_len + padding
    private static final int IOVEC = 16;
    private static final int NAME = 24; // struct sockaddr_ll (20), aligned
    private static final int PACKET_OUTGOING = 4;
    /** The largest GSO super-packet plus the virtio header. */
    private static final int SLOT_BYTES = 65536 + 4096;

    private static final int PROT_READ_WRITE = 0x3;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x22;

    private final int fd;
    private final MemorySegment headers;
    private final MemorySegment names;
    private final MemorySegment frames;
    private int count;
    private int cursor;

    ReceiveBatch(int fd) {
        this.fd = fd;
        Arena arena = Arena.ofAuto();
        headers = arena.allocate((long) SLOTS * MMSGHDR, 8);
        MemorySegment iovecs = arena.allocate((long) SLOTS * IOVEC, 8);
        names = arena.allocate((long) SLOTS * NAME, 8);
        frames = Libc.mmap((long) SLOTS * SLOT_BYTES, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1);
        if (frames.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("cannot map receive buffers (errno %d)".formatted(Libc.errno()));
        }
        for (int i = 0; i < SLOTS; i++) {
            iovecs.set(ValueLayout.ADDRESS, (long) i * IOVEC, frames.asSlice((long) i * SLOT_BYTES));
            iovecs.set(ValueLayout.JAVA_LONG, (long) i * IOVEC + 8, SLOT_BYTES);
            long h = (long) i * MMSGHDR;
            headers.set(ValueLayout.ADDRESS, h, names.asSlice((long) i * NAME)); // msg_name
            headers.set(ValueLayout.ADDRESS, h + 16, iovecs.asSlice((long) i * IOVEC)); // msg_iov
            headers.set(ValueLayout.JAVA_LONG, h + 24, 1); // msg_iovlen
        }
    }

    @Override
    public Packet next() {
        while (cursor < count) {
            int i = cursor++;
            long h = (long) i * MMSGHDR;
            int length = headers.get(ValueLayout.JAVA_INT, h + 56); // msg_len
            int flags = headers.get(ValueLayout.JAVA_INT, h + 48); // msg_flags
            int pkttype = names.get(ValueLayout.JAVA_BYTE, (long) i * NAME + 10) & 0xff;
            if (pkttype == PACKET_OUTGOING || length < Packet.HEADROOM + 14 || (flags & MSG_TRUNC) != 0) {
                continue; // our namespace's own output, a runt, or cut short
            }
            byte[] buffer = new byte[length];
            MemorySegment.copy(frames, ValueLayout.JAVA_BYTE, (long) i * SLOT_BYTES, buffer, 0, length);
            Packet packet = new Packet(buffer, length - Packet.HEADROOM);
            packet.completeChecksum();
            return packet;
        }
        return null;
    }

    @Override
    public boolean ready() {
        return cursor < count;
    }

    /** Waits (up to the socket's receive timeout) for frames; 0 on timeout or EINTR, else -errno on failure. */
    @Override
    public int await(int millisIgnored) {
        for (int i = 0; i < SLOTS; i++) {
            long h = (long) i * MMSGHDR;
            headers.set(ValueLayout.JAVA_INT, h + 8, 20); // msg_namelen, rewritten by the kernel
            headers.set(ValueLayout.JAVA_INT, h + 48, 0); // msg_flags
        }
        cursor = 0;
        count = 0;
        int n = Libc.recvmmsg(fd, headers, SLOTS, MSG_WAITFORONE);
        if (n < 0) {
            int errno = Libc.errno();
            return errno == Libc.EAGAIN || errno == Libc.EINTR ? 0 : -errno;
        }
        count = n;
        return 0;
    }

    @Override
    public void release() {
        Libc.munmap(frames);
    }
}
