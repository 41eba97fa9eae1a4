package org.flowstream.modulehost.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An AF_PACKET raw socket bound to one interface, through the JDK's Foreign Function &amp; Memory API ({@link Libc};
 * no native code of ours, no kernel module): {@code socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL))} bound to the
 * interface index with a {@code sockaddr_ll}. It reads and writes whole Ethernet frames, in batches: frames
 * arrive through {@link ReceiveBatch} ({@code recvmmsg}; with {@code -Dflowstream.pm.receiveRing=true} a
 * shared-memory {@link ReceiveRing}, PACKET_MMAP TPACKET_V3, see {@link ReceiveBatch} for why not by default) and
 * leave through {@link SendBatch} ({@code sendmmsg}), so a busy PM makes few system calls per frame.
 *
 * <p>Why PACKET_VNET_HDR: a veth whose sender offloads checksums hands us TCP/UDP packets whose checksum is
 * only the pseudo-header sum. With the virtio-net header the kernel says so ({@link Packet#needsChecksum()}),
 * and we complete the checksum before elements see the packet; GSO super-packets keep their header and the
 * kernel segments them when we send. Frames this socket itself sends are not looped back by the kernel; other
 * outgoing frames (the PM namespace's own stack) are skipped using sll_pkttype.
 *
 * <p>Receiving and sending have a lock each, so a thread sending on this interface never waits for one that is
 * waiting for frames on it.
 */
public final class PacketSocket implements PacketIo {

    private static final int AF_PACKET = 17;
    private static final int SOCK_RAW = 3;
    private static final int ETH_P_ALL_BE = 0x0300; // htons(ETH_P_ALL = 3)
    private static final int SOL_SOCKET = 1;
    private static final int SO_SNDBUFFORCE = 32;
    private static final int SO_RCVBUFFORCE = 33;
    private static final int SO_RCVTIMEO = 20;
    private static final int PACKET_VNET_HDR = 15;
    private static final int PACKET_QDISC_BYPASS = 20;
    private static final int PACKET_IGNORE_OUTGOING = 23;
    /**
     * How long {@link #receive()} waits for a frame, so readers notice a stop request: a delete_pm waits for it (100 ms
     * at most; an idle PM wakes ten times a second per interface, microseconds of CPU each).
     */
    private static final int RECEIVE_WAIT_MILLIS = 100;

    private final String ifname;
    private final int fd;
    private final Receiver receiver;
    private final SendBatch sendBatch;
    private final Packet[] one = new Packet[1];
    private final ReentrantLock receiveLock = new ReentrantLock();
    private final ReentrantLock sendLock = new ReentrantLock();
    private volatile boolean closed;
    /** Set once the receive buffers are freed and the descriptor closed (under both locks). */
    private boolean released;

    /** Where arriving frames are read from: {@link ReceiveBatch} or {@link ReceiveRing}. */
    interface Receiver {
        /** The next frame already received, or null (does not wait). */
        Packet next();

        /** Whether {@link #next()} would answer a frame. */
        boolean ready();

        /** Waits up to about {@code millis} for frames; 0, or -errno when waiting failed. */
        int await(int millis);

        /** Frees the receive buffers; no reader is inside. */
        void release();
    }

    private PacketSocket(String ifname, int fd, Receiver receiver) {
        this.ifname = ifname;
        this.fd = fd;
        this.receiver = receiver;
        this.sendBatch = new SendBatch(fd);
    }

    /** Opens a socket on the interface (in the caller's network namespace); needs CAP_NET_RAW. */
    public static PacketSocket open(String ifname) {
        // Protocol 0: the socket receives nothing until bind names the protocol and the interface. Opened with
        // ETH_P_ALL it would hear every interface of the namespace at once, and bind would then unhook it from all of
        // them, which waits for an RCU grace period (synchronize_net): 10-20 ms of a pooled PM's 38 ms start, idle.
        int fd = Libc.socket(AF_PACKET, SOCK_RAW, 0);
        if (fd < 0) {
            throw new IllegalStateException(
                    "cannot open an AF_PACKET socket (errno %d): the PM needs CAP_NET_RAW".formatted(Libc.errno()));
        }
        try (Arena arena = Arena.ofConfined()) {
            int index = Libc.ifNameToIndex(fd, ifname);
            if (index == 0) {
                throw new IllegalStateException("no interface named '" + ifname + "' in this network namespace");
            }
            MemorySegment on = arena.allocateFrom(ValueLayout.JAVA_INT, 1);
            Libc.check(
                    Libc.setsockopt(fd, Libc.SOL_PACKET, PACKET_VNET_HDR, on, 4), "PACKET_VNET_HDR"); // before the ring
            Libc.setsockopt(
                    fd, Libc.SOL_PACKET, PACKET_IGNORE_OUTGOING, on, 4); // Linux 4.20+; pkttype check covers older
            Libc.setsockopt(fd, Libc.SOL_PACKET, PACKET_QDISC_BYPASS, on, 4); // veth has no queue worth keeping
            Libc.setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, arena.allocateFrom(ValueLayout.JAVA_INT, 4 << 20), 4);
            Receiver receiver;
            if (Boolean.getBoolean("flowstream.pm.receiveRing")) {
                receiver = ReceiveRing.attach(fd);
            } else {
                Libc.setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, arena.allocateFrom(ValueLayout.JAVA_INT, 4 << 20), 4);
                MemorySegment timeout = arena.allocate(16); // struct timeval {0 s, 100 ms}: readers notice a stop
                timeout.set(ValueLayout.JAVA_LONG, 8, RECEIVE_WAIT_MILLIS * 1000L);
                Libc.check(Libc.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeout, 16), "SO_RCVTIMEO");
                receiver = new ReceiveBatch(fd);
            }
            MemorySegment address = arena.allocate(20); // struct sockaddr_ll
            address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_PACKET);
            address.set(ValueLayout.JAVA_SHORT, 2, (short) ETH_P_ALL_BE);
            address.set(ValueLayout.JAVA_INT, 4, index);
            if (Libc.bind(fd, address, 20) < 0) {
                int errno = Libc.errno();
                receiver.release();
                throw new IllegalStateException("bind to %s failed (errno %d)".formatted(ifname, errno));
            }
            return new PacketSocket(ifname, fd, receiver);
        } catch (RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    /** Receives the next frame: at once when one was already received, else after waiting up to 200 ms. */
    @Override
    public Packet receive() {
        receiveLock.lock();
        try {
            while (!closed) {
                Packet next = receiver.next();
                if (next != null) {
                    return next;
                }
                if (receiver.ready()) {
                    continue; // what was received held only frames we skip; more is already there
                }
                int failed = receiver.await(RECEIVE_WAIT_MILLIS);
                if (failed < 0 && !closed) {
                    throw new IllegalStateException("receive on %s failed (errno %d)".formatted(ifname, -failed));
                }
                next = receiver.next();
                return next;
            }
            return null;
        } finally {
            receiveLock.unlock();
        }
    }

    @Override
    public boolean ready() {
        receiveLock.lock();
        try {
            return !closed && receiver.ready();
        } finally {
            receiveLock.unlock();
        }
    }

    @Override
    public void send(Packet packet) {
        sendLock.lock();
        try {
            one[0] = packet;
            if (closed || !sendBatch.send(one, 1)) {
                throw new IllegalStateException("send on %s failed (errno %d)".formatted(ifname, Libc.errno()));
            }
        } finally {
            one[0] = null;
            sendLock.unlock();
        }
    }

    @Override
    public void send(Packet[] packets, int count) {
        sendLock.lock();
        try {
            if (closed) {
                java.util.Arrays.fill(packets, 0, count, null);
            } else {
                sendBatch.send(packets, count);
            }
        } finally {
            sendLock.unlock();
        }
    }

    /** Closes the socket once no thread is inside it (a reader leaves within {@link #RECEIVE_WAIT_MILLIS}). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        receiveLock.lock();
        sendLock.lock();
        try {
            if (!released) {
                released = true;
                receiver.release();
                Libc.close(fd);
            }
        } finally {
            sendLock.unlock();
            receiveLock.unlock();
        }
    }
}
