package org.flowstream.modulehost.runtime;

import java.util.Arrays;
import org.flowstream.contracts.net.Ipv4Address;

/**
 * One Ethernet frame travelling through a PM's element graph. The buffer keeps
 * {@link #HEADROOM} bytes in front of the frame for the virtio-net header the AF_PACKET socket exchanges
 * with the kernel (PACKET_VNET_HDR), so a frame is received and sent without copying.
 *
 * <p>Offsets below are frame offsets (0 = first byte of the destination MAC). Accessors for IPv4 fields
 * answer -1 when the frame is not IPv4 (or, for ports, not the first fragment of TCP/UDP).
 */
public final class Packet {

    /** Size of struct virtio_net_hdr. */
    public static final int HEADROOM = 10;

    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_VLAN = 0x8100;
    public static final int PROTO_ICMP = 1;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;

    private final byte[] buf;
    private final int length;

    /** Wraps a buffer holding the virtio header at [0, HEADROOM) and a frame of {@code length} bytes after it. */
    public Packet(byte[] buf, int length) {
        this.buf = buf;
        this.length = length;
    }

    /** A packet holding a copy of {@code frame} (tests, generators); the virtio header is zero. */
    public static Packet ofFrame(byte[] frame) {
        byte[] buf = new byte[HEADROOM + frame.length];
        System.arraycopy(frame, 0, buf, HEADROOM, frame.length);
        return new Packet(buf, frame.length);
    }

    /** The raw buffer: virtio header, then the frame. */
    public byte[] buffer() {
        return buf;
    }

    /** Frame length in bytes (without the virtio header). */
    public int length() {
        return length;
    }

    /** A copy of the frame bytes. */
    public byte[] frame() {
        return Arrays.copyOfRange(buf, HEADROOM, HEADROOM + length);
    }

    /** An independent copy (Tee, Mirror). */
    public Packet copy() {
        return new Packet(Arrays.copyOf(buf, HEADROOM + length), length);
    }

    public int u8(int offset) {
        return buf[HEADROOM + offset] & 0xff;
    }

    public int u16(int offset) {
        return ((buf[HEADROOM + offset] & 0xff) << 8) | (buf[HEADROOM + offset + 1] & 0xff);
    }

    public int u32(int offset) {
        return (u16(offset) << 16) | u16(offset + 2);
    }

    public void setU16(int offset, int value) {
        buf[HEADROOM + offset] = (byte) (value >>> 8);
        buf[HEADROOM + offset + 1] = (byte) value;
    }

    public void setU32(int offset, int value) {
        setU16(offset, value >>> 16);
        setU16(offset + 2, value & 0xffff);
    }

    /** The EtherType after at most one 802.1Q tag, or -1 for a runt. */
    public int etherType() {
        if (length < 14) {
            return -1;
        }
        int type = u16(12);
        if (type == ETHERTYPE_VLAN && length >= 18) {
            return u16(16);
        }
        return type;
    }

    /** Offset of the network header (14, or 18 behind a VLAN tag). */
    public int l3Offset() {
        return length >= 18 && u16(12) == ETHERTYPE_VLAN ? 18 : 14;
    }

    public boolean isIpv4() {
        int l3 = l3Offset();
        return etherType() == ETHERTYPE_IPV4 && length >= l3 + 20 && (u8(l3) >>> 4) == 4;
    }

    public int ipHeaderLength() {
        return (u8(l3Offset()) & 0x0f) * 4;
    }

    public int ipProtocol() {
        return isIpv4() ? u8(l3Offset() + 9) : -1;
    }

    public int ipSrc() {
        return u32(l3Offset() + 12);
    }

    public int ipDst() {
        return u32(l3Offset() + 16);
    }

    /** Whether this is the first (or only) fragment, which carries the transport header. */
    public boolean isFirstFragment() {
        return (u16(l3Offset() + 6) & 0x1fff) == 0;
    }

    /** Offset of the TCP/UDP header, or -1 when there is none to read. */
    public int l4Offset() {
        if (!isIpv4() || !isFirstFragment()) {
            return -1;
        }
        int l4 = l3Offset() + ipHeaderLength();
        int proto = u8(l3Offset() + 9);
        int need = proto == PROTO_TCP ? 20 : proto == PROTO_UDP ? 8 : 4;
        return length >= l4 + need ? l4 : -1;
    }

    public int srcPort() {
        int proto = ipProtocol();
        int l4 = l4Offset();
        return l4 >= 0 && (proto == PROTO_TCP || proto == PROTO_UDP) ? u16(l4) : -1;
    }

    public int dstPort() {
        int proto = ipProtocol();
        int l4 = l4Offset();
        return l4 >= 0 && (proto == PROTO_TCP || proto == PROTO_UDP) ? u16(l4 + 2) : -1;
    }

    // ---- the virtio-net header (see linux/virtio_net.h) ----

    /** VIRTIO_NET_HDR_F_NEEDS_CSUM: the transport checksum is only a pseudo-header sum (offloaded sender). */
    public boolean needsChecksum() {
        return (buf[0] & 1) != 0;
    }

    /** Whether the frame is a GSO super-packet the kernel will segment on transmission. */
    public boolean isGso() {
        return buf[1] != 0;
    }

    /**
     * Completes an offloaded transport checksum in software and clears the header, so that elements see a
     * frame as it will appear on the wire. GSO super-packets keep their header: the kernel finishes them.
     */
    public void completeChecksum() {
        if (!needsChecksum() || isGso()) {
            return;
        }
        // struct virtio_net_hdr: flags, gso_type, hdr_len, gso_size, csum_start, csum_offset (little endian)
        int start = (buf[6] & 0xff) | (buf[7] & 0xff) << 8;
        int field = start + ((buf[8] & 0xff) | (buf[9] & 0xff) << 8);
        if (start < 0 || field + 2 > length) {
            return;
        }
        int sum = Checksums.sum(buf, HEADROOM + start, length - start, 0);
        int value = Checksums.fold(sum);
        // A computed UDP checksum of 0 is sent as 0xffff (0 means "none"); harmless for TCP, which never uses 0 here.
        setU16(field, value == 0 ? 0xffff : value);
        Arrays.fill(buf, 0, HEADROOM, (byte) 0);
    }

    /** Clears the virtio header (after an element rewrote headers and fixed the checksums itself). */
    public void clearOffload() {
        if (!isGso()) {
            Arrays.fill(buf, 0, HEADROOM, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "Packet[" + length + " bytes"
                + (isIpv4()
                        ? ", proto " + ipProtocol() + " " + Ipv4Address.format(ipSrc()) + ":" + srcPort() + " > "
                                + Ipv4Address.format(ipDst()) + ":" + dstPort()
                        : ", ethertype 0x" + Integer.toHexString(etherType()))
                + "]";
    }
}
