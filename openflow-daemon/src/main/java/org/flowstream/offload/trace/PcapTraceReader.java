package org.flowstream.offload.trace;

import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.Packet;

/**
 * Reads a trace from a pcap file with pcap4j (libpcap underneath). Each IPv4 packet becomes one
 * trace packet keyed by its destination address cut to a prefix length (the traces of §2.4.1 map
 * destinations to prefixes; without a BGP table a fixed length such as /24 stands in). Non-IPv4
 * packets are skipped.
 */
public final class PcapTraceReader {
    private PcapTraceReader() {}

    public static InMemoryTrace read(Path file, int prefixLength) throws TraceFormatException {
        if (prefixLength < 1 || prefixLength > 32) throw new IllegalArgumentException("prefix length must be 1..32");
        if (!Files.isReadable(file)) throw new TraceFormatException(file + ": error: cannot read file");
        InMemoryTrace.Builder b = new InMemoryTrace.Builder();
        PcapHandle h;
        try {
            h = Pcaps.openOffline(file.toString(), PcapHandle.TimestampPrecision.MICRO);
        } catch (PcapNativeException e) {
            throw new TraceFormatException(file + ": error: not a pcap file libpcap can read: " + e.getMessage(), e);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new TraceFormatException(
                    file + ": error: libpcap is not installed (apt-get install libpcap0.8): " + e.getMessage(), e);
        }
        long count = 0;
        try (h) {
            while (true) {
                Packet p;
                try {
                    p = h.getNextPacketEx();
                } catch (EOFException e) {
                    break;
                } catch (TimeoutException e) {
                    continue;
                }
                count++;
                IpV4Packet ip = p.get(IpV4Packet.class);
                if (ip == null) continue;
                int dst = ByteAddress.toInt(ip.getHeader().getDstAddr().getAddress());
                java.sql.Timestamp ts = h.getTimestamp();
                long micros = ts.getTime() / 1000 * 1_000_000 + ts.getNanos() / 1000;
                Integer len = h.getOriginalLength();
                b.add(micros, Ipv4Prefix.of(dst, prefixLength).toString(), len != null ? len : p.length());
            }
        } catch (PcapNativeException | NotOpenException e) {
            throw new TraceFormatException(file + ": error: packet " + (count + 1) + ": " + e.getMessage(), e);
        }
        return b.build();
    }

    private static final class ByteAddress {
        static int toInt(byte[] a) {
            return ((a[0] & 255) << 24) | ((a[1] & 255) << 16) | ((a[2] & 255) << 8) | (a[3] & 255);
        }
    }
}
