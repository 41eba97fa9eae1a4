package org.flowstream.modulehost.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A {@code PACKET_MMAP} receive ring (TPACKET_V3) on an AF_PACKET socket: the kernel writes arriving frames into
 * blocks of memory this process shares with it and hands a block over once it is full or a millisecond old, so a
 * busy PM reads hundreds of frames per wake-up without a system call per frame (or per 16, as recvmmsg did).
 *
 * <p>Layout (linux/if_packet.h): each block starts with a {@code tpacket_block_desc} whose {@code block_status}
 * says who owns it (TP_STATUS_USER: ours to read; 0: the kernel's); its frames are {@code tpacket3_hdr}s chained
 * by {@code tp_next_offset}, each followed by a {@code sockaddr_ll}, then the virtio-net header (PACKET_VNET_HDR)
 * right before the frame at {@code tp_mac}. Blocks are read in order and given back by writing 0 to their status.
 *
 * <p>Not thread-safe: one reader at a time ({@link PacketSocket} holds its receive lock).
 */
final class ReceiveRing implements PacketSocket.Receiver {

    private static final int PACKET_RX_RING = 5;
    private static final int PACKET_VERSION = 10;
    private static final int TPACKET_V3 = 2;
    private static final int PROT_READ_WRITE = 0x3;
    private static final int MAP_SHARED = 0x1;
    private static final int TP_STATUS_KERNEL = 0;
    private static final int TP_STATUS_USER = 1;
    private static final int PACKET_OUTGOING = 4;
    private static final short POLLIN = 0x1;

    /**
     * 128 KiB blocks: a block must hold the largest frame, and a GSO super-packet from an offloading sender is up
     * to 64 KiB. Four of them hold about 4,000 small frames, what the former 4 MB socket buffer held, in 512 KiB
     * (the kernel maps the ring's pages into the PM, so they count in its resident memory).
     */
    static final int BLOCK_BYTES = 128 << 10;

    static final int BLOCKS = 4;
    /** A block not yet full is handed over after this long: the added latency of a frame at low rates. */
    private static final int BLOCK_TIMEOUT_MILLIS = 1;

    private static final int FRAME_SLOT = 2048; // only for the kernel's bookkeeping: V3 packs frames tightly
    private static final int SOCKADDR_LL_AT = 48; // TPACKET_ALIGN(sizeof(struct tpacket3_hdr))
    private static final VarHandle INT_VOLATILE = ValueLayout.JAVA_INT.varHandle();

    private final int fd;
    private final MemorySegment ring;
    private final MemorySegment pollFd;
    private int block;
    /** Frames left in the block being read (0: no block held), and the offset of the next one. */
    private int framesLeft;

    private long frameAt;

    private ReceiveRing(int fd, MemorySegment ring) {
        this.fd = fd;
        this.ring = ring;
        this.pollFd = Arena.ofAuto().allocate(8);
        pollFd.set(ValueLayout.JAVA_INT, 0, fd);
        pollFd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
    }

    /** Sets up the ring on the socket (before it is bound) and maps it; throws when the kernel refuses. */
    static ReceiveRing attach(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment version = arena.allocateFrom(ValueLayout.JAVA_INT, TPACKET_V3);
            Libc.check(Libc.setsockopt(fd, Libc.SOL_PACKET, PACKET_VERSION, version, 4), "PACKET_VERSION TPACKET_V3");
            MemorySegment request = arena.allocate(28); // struct tpacket_req3
            request.set(ValueLayout.JAVA_INT, 0, BLOCK_BYTES);
            request.set(ValueLayout.JAVA_INT, 4, BLOCKS);
            request.set(ValueLayout.JAVA_INT, 8, FRAME_SLOT);
            request.set(ValueLayout.JAVA_INT, 12, BLOCKS * (BLOCK_BYTES / FRAME_SLOT));
            request.set(ValueLayout.JAVA_INT, 16, BLOCK_TIMEOUT_MILLIS);
            Libc.check(Libc.setsockopt(fd, Libc.SOL_PACKET, PACKET_RX_RING, request, 28), "PACKET_RX_RING");
        }
        MemorySegment ring = Libc.mmap((long) BLOCK_BYTES * BLOCKS, PROT_READ_WRITE, MAP_SHARED, fd);
        if (ring.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("cannot map the receive ring (errno %d)".formatted(Libc.errno()));
        }
        return new ReceiveRing(fd, ring);
    }

    /** The next frame already in the ring, or null when the kernel has handed over none (does not wait). */
    @Override
    public Packet next() {
        while (true) {
            if (framesLeft > 0) {
                Packet packet = take();
                if (packet != null) {
                    return packet;
                }
                continue;
            }
            if (frameAt != 0) { // the held block is read: give it back
                giveBack();
            }
            long desc = (long) block * BLOCK_BYTES;
            if (((int) INT_VOLATILE.getVolatile(ring, desc + 8) & TP_STATUS_USER) == 0) {
                return null;
            }
            framesLeft = ring.get(ValueLayout.JAVA_INT, desc + 12); // num_pkts
            frameAt = desc + ring.get(ValueLayout.JAVA_INT, desc + 16); // offset_to_first_pkt
            if (framesLeft == 0) {
                giveBack();
            }
        }
    }

    /** Whether a frame can be had without waiting. */
    @Override
    public boolean ready() {
        return framesLeft > 0
                || ((int) INT_VOLATILE.getVolatile(ring, (long) nextBlockToRead() * BLOCK_BYTES + 8) & TP_STATUS_USER)
                        != 0;
    }

    private int nextBlockToRead() {
        return frameAt != 0 && framesLeft == 0 ? (block + 1) % BLOCKS : block;
    }

    /** Waits up to {@code millis} for the kernel to hand over a block; -errno when poll failed, else 0. */
    @Override
    public int await(int millis) {
        pollFd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
        int n = Libc.poll(pollFd, 1, millis);
        if (n < 0) {
            int errno = Libc.errno();
            return errno == Libc.EINTR ? 0 : -errno;
        }
        return 0;
    }

    /** Copies the frame at {@link #frameAt} out of the ring (virtio header included) and moves past it. */
    private Packet take() {
        long at = frameAt;
        framesLeft--;
        int next = ring.get(ValueLayout.JAVA_INT, at); // tp_next_offset
        frameAt = framesLeft > 0 ? at + next : frameAt;
        int snap = ring.get(ValueLayout.JAVA_INT, at + 12);
        int wire = ring.get(ValueLayout.JAVA_INT, at + 16);
        int mac = ring.get(ValueLayout.JAVA_SHORT, at + 24) & 0xffff;
        int pkttype = ring.get(ValueLayout.JAVA_BYTE, at + SOCKADDR_LL_AT + 10) & 0xff;
        if (pkttype == PACKET_OUTGOING || snap < 14 || snap < wire) { // our own namespace's output, runt, truncated
            return null;
        }
        byte[] buffer = new byte[Packet.HEADROOM + snap];
        MemorySegment.copy(ring, ValueLayout.JAVA_BYTE, at + mac - Packet.HEADROOM, buffer, 0, buffer.length);
        Packet packet = new Packet(buffer, snap);
        packet.completeChecksum();
        return packet;
    }

    private void giveBack() {
        INT_VOLATILE.setVolatile(ring, (long) block * BLOCK_BYTES + 8, TP_STATUS_KERNEL);
        block = (block + 1) % BLOCKS;
        frameAt = 0;
        framesLeft = 0;
    }

    /** Unmaps the ring; the caller closes the socket and guarantees no reader is inside. */
    @Override
    public void release() {
        Libc.munmap(ring);
    }
}
