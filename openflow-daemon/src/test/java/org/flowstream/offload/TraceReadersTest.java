package org.flowstream.offload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flowstream.offload.trace.CsvTraceReader;
import org.flowstream.offload.trace.InMemoryTrace;
import org.flowstream.offload.trace.PcapTraceReader;
import org.flowstream.offload.trace.SyntheticZipfTrace;
import org.flowstream.offload.trace.TraceFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReadersTest {

    @TempDir
    Path dir;

    record P(long micros, String key, int bytes) {}

    private static List<P> packets(org.flowstream.offload.trace.Trace t) {
        List<P> out = new ArrayList<>();
        t.replay((m, k, b) -> out.add(new P(m, t.keyName(k), b)));
        return out;
    }

    @Test
    void readsCsv() throws Exception {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, """
                time,prefix,bytes
                # a comment
                10.5,10.1.2.0/24,1500
                10.25,192.168.0.0/16,64

                12.0,10.1.2.0/24,576
                """);
        InMemoryTrace t = CsvTraceReader.read(f);
        assertThat(t.packetCount()).isEqualTo(3);
        assertThat(t.keyCount()).isEqualTo(2);
        assertThat(t.durationSeconds()).isEqualTo(2);
        // Sorted by time and shifted to start at 0.
        assertThat(packets(t))
                .containsExactly(
                        new P(0, "192.168.0.0/16", 64),
                        new P(250_000, "10.1.2.0/24", 1500),
                        new P(1_750_000, "10.1.2.0/24", 576));
    }

    @Test
    void csvErrorsNameTheLine() throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "1.0,10.0.0.0/8,100\n2.0,10.0.0.0/8\n");
        assertThatThrownBy(() -> CsvTraceReader.read(f))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("bad.csv:2: error:");
        Files.writeString(f, "1.0,10.0.0.1/8,100\n");
        assertThatThrownBy(() -> CsvTraceReader.read(f)).hasMessageContaining(":1: error: bad prefix");
    }

    @Test
    void readsPcapThroughPcap4j() throws Exception {
        Path f = dir.resolve("t.pcap");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(le(ByteBuffer.allocate(24))
                .putInt(0xa1b2c3d4)
                .putShort((short) 2)
                .putShort((short) 4)
                .putInt(0)
                .putInt(0)
                .putInt(65535)
                .putInt(1)
                .array());
        record(out, 100, 0, ipv4(new byte[] {10, 1, 2, 3}, 100));
        record(out, 100, 500_000, ipv4(new byte[] {10, 1, 2, (byte) 200}, 40));
        record(out, 101, 250_000, ipv4(new byte[] {(byte) 192, (byte) 168, 7, 7}, 1000));
        record(out, 101, 300_000, arp());
        Files.write(f, out.toByteArray());

        InMemoryTrace t = PcapTraceReader.read(f, 24);
        assertThat(packets(t))
                .containsExactly(
                        new P(0, "10.1.2.0/24", 14 + 100),
                        new P(500_000, "10.1.2.0/24", 14 + 40),
                        new P(1_250_000, "192.168.7.0/24", 14 + 1000));
        assertThat(t.keyCount()).isEqualTo(2);
    }

    @Test
    void aFileThatIsNotPcapIsAClearError() throws Exception {
        Path f = dir.resolve("junk.pcap");
        Files.writeString(f, "this is not a capture");
        assertThatThrownBy(() -> PcapTraceReader.read(f, 24))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("junk.pcap: error:");
    }

    @Test
    void syntheticTraceIsRepeatableAndZipfLike() {
        SyntheticZipfTrace t = new SyntheticZipfTrace(1000, 1.2, 2000, 20, 5, 0.5, 20, 9);
        List<P> a = packets(t);
        List<P> b = packets(t);
        assertThat(a).isEqualTo(b);
        int[] perKey = new int[1000];
        t.replay((m, k, by) -> perKey[k]++);
        int[] sorted = perKey.clone();
        java.util.Arrays.sort(sorted);
        long top10 = 0;
        for (int i = 0; i < 10; i++) top10 += sorted[sorted.length - 1 - i];
        // With s = 1.2 over 1000 prefixes the top 1 % carry well over a third of the packets.
        assertThat(top10 / (double) a.size()).isGreaterThan(0.35);
        assertThat(a.size()).isBetween(35_000, 45_000);
        assertThat(t.durationSeconds()).isEqualTo(20);
    }

    private static ByteBuffer le(ByteBuffer b) {
        return b.order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void record(ByteArrayOutputStream out, int sec, int micros, byte[] frame) throws Exception {
        out.write(le(ByteBuffer.allocate(16))
                .putInt(sec)
                .putInt(micros)
                .putInt(frame.length)
                .putInt(frame.length)
                .array());
        out.write(frame);
    }

    /** Ethernet + IPv4 header (checksum left 0) + zero payload, total IP length {@code ipLen}. */
    private static byte[] ipv4(byte[] dst, int ipLen) {
        ByteBuffer b = ByteBuffer.allocate(14 + ipLen);
        b.put(new byte[] {0, 1, 2, 3, 4, 5})
                .put(new byte[] {6, 7, 8, 9, 10, 11})
                .putShort((short) 0x0800);
        b.put((byte) 0x45)
                .put((byte) 0)
                .putShort((short) ipLen)
                .putShort((short) 1)
                .putShort((short) 0);
        b.put((byte) 64).put((byte) 17).putShort((short) 0);
        b.put(new byte[] {1, 1, 1, 1}).put(dst);
        return b.array();
    }

    private static byte[] arp() {
        ByteBuffer b = ByteBuffer.allocate(42);
        b.put(new byte[] {-1, -1, -1, -1, -1, -1})
                .put(new byte[] {6, 7, 8, 9, 10, 11})
                .putShort((short) 0x0806);
        b.putShort((short) 1)
                .putShort((short) 0x0800)
                .put((byte) 6)
                .put((byte) 4)
                .putShort((short) 1);
        return b.array();
    }
}
