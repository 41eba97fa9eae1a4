package org.flowstream.modulehost.runtime;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * An AF_PACKET raw socket bound to one interface, through JNA (no native code of ours, no kernel module):
 * {@code socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL))}, bound to the interface index with a
 * {@code sockaddr_ll}. It reads and writes whole Ethernet frames.
 *
 * <p>Why PACKET_VNET_HDR: a veth whose sender offloads checksums hands us TCP/UDP packets whose checksum is
 * only the pseudo-header sum. With the virtio-net header the kernel says so ({@link Packet#needsChecksum()}),
 * and we complete the checksum before elements see the packet; GSO super-packets keep their header and the
 * kernel segments them when we send. Frames this socket itself sends are not looped back by the kernel; other
 * outgoing frames (the PM namespace's own stack) are skipped using sll_pkttype.
 */
public final class PacketSocket implements PacketIo {

    private static final int AF_PACKET = 17;
    private static final int SOCK_RAW = 3;
    private static final int ETH_P_ALL_BE = 0x0300; // htons(ETH_P_ALL = 3)
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVBUFFORCE = 33;
    private static final int SO_SNDBUFFORCE = 32;
    private static final int SO_RCVTIMEO = 20;
    private static final int SOL_PACKET = 263;
    private static final int PACKET_VNET_HDR = 15;
    private static final int PACKET_IGNORE_OUTGOING = 23;
    private static final int PACKET_OUTGOING = 4;
    private static final int EAGAIN = 11;
    private static final int EINTR = 4;
    /** Largest GSO super-packet plus the virtio header. */
    private static final int MAX_FRAME = 65536 + Packet.HEADROOM;

    static {
        Native.register(PacketSocket.class, NativeLibrary.getInstance("c"));
    }

    private static native int socket(int domain, int type, int protocol);

    private static native int bind(int fd, byte[] address, int length);

    private static native int setsockopt(int fd, int level, int option, byte[] value, int length);

    private static native NativeLong recvfrom(
            int fd, byte[] buffer, NativeLong length, int flags, byte[] from, int[] fromLength);

    private static native NativeLong send(int fd, byte[] buffer, NativeLong length, int flags);

    private static native int close(int fd);

    private static native int recvmmsg(int fd, Pointer messages, int count, int flags, Pointer timeout);

    private static native int if_nametoindex(String name);

    private final String ifname;
    private final int fd;
    private final ThreadLocal<byte[]> rxBuffer = ThreadLocal.withInitial(() -> new byte[MAX_FRAME]);
    private final ThreadLocal<byte[]> fromBuffer = ThreadLocal.withInitial(() -> new byte[20]);
    private volatile boolean closed;
    /** Batched receive state (recvmmsg), null when the kernel does not offer it. */
    private Batch batch;

    private boolean batchTried;

    private PacketSocket(String ifname, int fd) {
        this.ifname = ifname;
        this.fd = fd;
    }

    /** Opens a socket on the interface (in the caller's network namespace); needs CAP_NET_RAW. */
    public static PacketSocket open(String ifname) {
        int index = if_nametoindex(ifname);
        if (index == 0) {
            throw new IllegalStateException("no interface named '" + ifname + "' in this network namespace");
        }
        int fd = socket(AF_PACKET, SOCK_RAW, ETH_P_ALL_BE);
        if (fd < 0) {
            throw new IllegalStateException("cannot open an AF_PACKET socket (errno %d): the PM needs CAP_NET_RAW"
                    .formatted(Native.getLastError()));
        }
        try {
            check(setsockopt(fd, SOL_PACKET, PACKET_VNET_HDR, intValue(1), 4), "PACKET_VNET_HDR");
            setsockopt(
                    fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, intValue(1), 4); // Linux 4.20+; pkttype check covers older
            setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, intValue(4 << 20), 4);
            setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, intValue(4 << 20), 4);
            byte[] timeout = new byte[16]; // struct timeval {0 s, 200000 us}: lets readers notice a stop request
            putLong(timeout, 8, 200_000);
            check(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeout, 16), "SO_RCVTIMEO");
            byte[] address = new byte[20]; // struct sockaddr_ll
            address[0] = (byte) AF_PACKET;
            address[2] = 0; // sll_protocol = htons(ETH_P_ALL): 0x00 0x03 in network order
            address[3] = 3;
            address[4] = (byte) index;
            address[5] = (byte) (index >>> 8);
            address[6] = (byte) (index >>> 16);
            address[7] = (byte) (index >>> 24);
            check(bind(fd, address, 20), "bind to " + ifname);
        } catch (RuntimeException e) {
            close(fd);
            throw e;
        }
        return new PacketSocket(ifname, fd);
    }

    /**
     * Receives the next frame. Frames are fetched up to {@link Batch#SLOTS} per system call (recvmmsg with
     * MSG_WAITFORONE): under load, one call instead of one per frame, which is most of a PM's cost.
     */
    @Override
    public synchronized Packet receive() {
        if (!batchTried) {
            batchTried = true;
            batch = Boolean.getBoolean("flowstream.pm.noBatch") ? null : new Batch();
        }
        if (batch != null) {
            while (!closed) {
                Packet next = batch.next();
                if (next != null) {
                    return next;
                }
                int n = batch.fill(fd);
                if (n == 0) {
                    return null; // timeout, EINTR
                }
                if (n < 0) {
                    if (closed) {
                        return null;
                    }
                    throw new IllegalStateException("receive on %s failed (errno %d)".formatted(ifname, -n));
                }
            }
            return null;
        }
        return receiveOne();
    }

    private Packet receiveOne() {
        byte[] buf = rxBuffer.get();
        byte[] from = fromBuffer.get();
        int[] fromLength = {from.length};
        while (!closed) {
            long n = recvfrom(fd, buf, new NativeLong(buf.length), 0, from, fromLength)
                    .longValue();
            if (n < 0) {
                int errno = Native.getLastError();
                if (errno == EAGAIN || errno == EINTR) {
                    return null;
                }
                if (closed) {
                    return null;
                }
                throw new IllegalStateException("receive on %s failed (errno %d)".formatted(ifname, errno));
            }
            if ((from[10] & 0xff) == PACKET_OUTGOING || n < Packet.HEADROOM + 14) {
                continue;
            }
            int length = (int) n - Packet.HEADROOM;
            byte[] copy = new byte[(int) n];
            System.arraycopy(buf, 0, copy, 0, (int) n);
            Packet packet = new Packet(copy, length);
            packet.completeChecksum();
            return packet;
        }
        return null;
    }

    @Override
    public void send(Packet packet) {
        long n = send(fd, packet.buffer(), new NativeLong(Packet.HEADROOM + packet.length()), 0)
                .longValue();
        if (n < 0) {
            throw new IllegalStateException("send on %s failed (errno %d)".formatted(ifname, Native.getLastError()));
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            close(fd);
        }
    }

    /** Native buffers for up to SLOTS frames and the struct mmsghdr array recvmmsg fills. */
    private static final class Batch {
        static final int SLOTS = 16;
        private static final int MSG_WAITFORONE = 0x10000;
        private static final int MMSGHDR = 64; // struct mmsghdr on x86_64/aarch64: msghdr (56) + msg_len + padding
        private static final int IOVEC = 16;
        private static final int NAME = 24; // sockaddr_ll (20), aligned
        private final Memory headers = new Memory((long) SLOTS * MMSGHDR);
        private final Memory iovecs = new Memory((long) SLOTS * IOVEC);
        private final Memory names = new Memory((long) SLOTS * NAME);
        private final Memory frames = new Memory((long) SLOTS * MAX_FRAME);
        private int count;
        private int cursor;

        Batch() {
            headers.clear();
            for (int i = 0; i < SLOTS; i++) {
                iovecs.setPointer((long) i * IOVEC, frames.share((long) i * MAX_FRAME));
                iovecs.setLong((long) i * IOVEC + 8, MAX_FRAME);
                long h = (long) i * MMSGHDR;
                headers.setPointer(h, names.share((long) i * NAME)); // msg_name
                headers.setPointer(h + 16, iovecs.share((long) i * IOVEC)); // msg_iov
                headers.setLong(h + 24, 1); // msg_iovlen
            }
        }

        /** The next frame of the current batch, or null when it is used up. */
        Packet next() {
            while (cursor < count) {
                int i = cursor++;
                long h = (long) i * MMSGHDR;
                int length = headers.getInt(h + 56); // msg_len
                int flags = headers.getInt(h + 48); // msg_flags
                int pkttype = names.getByte((long) i * NAME + 10) & 0xff;
                if (pkttype == PACKET_OUTGOING
                        || length < Packet.HEADROOM + 14
                        || (flags & 0x20) != 0) { // 0x20: MSG_TRUNC
                    continue;
                }
                byte[] copy = new byte[length];
                frames.read((long) i * MAX_FRAME, copy, 0, length);
                Packet packet = new Packet(copy, length - Packet.HEADROOM);
                packet.completeChecksum();
                return packet;
            }
            return null;
        }

        /** Waits for at least one frame (up to the socket's receive timeout); returns the count, 0, or -errno. */
        int fill(int fd) {
            for (int i = 0; i < SLOTS; i++) {
                long h = (long) i * MMSGHDR;
                headers.setInt(h + 8, 20); // msg_namelen, rewritten by the kernel
                headers.setInt(h + 48, 0);
            }
            cursor = 0;
            count = 0;
            int n = recvmmsg(fd, headers, SLOTS, MSG_WAITFORONE, null);
            if (n < 0) {
                int errno = Native.getLastError();
                return errno == EAGAIN || errno == EINTR ? 0 : -errno;
            }
            count = n;
            return n;
        }
    }

    private static byte[] intValue(int value) {
        return new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)};
    }

    private static void putLong(byte[] b, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            b[offset + i] = (byte) (value >>> (8 * i));
        }
    }

    private static void check(int result, String what) {
        if (result < 0) {
            throw new IllegalStateException("%s failed (errno %d)".formatted(what, Native.getLastError()));
        }
    }
}
