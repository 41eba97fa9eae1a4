package org.flowstream.modulehost.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The real AF_PACKET socket (FFM, recvmmsg or the receive ring, sendmmsg) on the loopback interface of the test's own network
 * namespace: no namespaces, veths or bridges are created, so it needs root but not the platform lock. Frames carry
 * an EtherType nobody uses (the local experimental 0x88b5) and a per-run tag, so traffic of others on lo is ignored.
 */
class PacketSocketTest {

    private static final int ETHERTYPE = 0x88b5;
    private final long tag = ThreadLocalRandom.current().nextLong();

    @Test
    void aBatchArrivesWholeAndInOrder() {
        assumeRoot();
        try (PacketSocket sender = PacketSocket.open("lo");
                PacketSocket receiver = PacketSocket.open("lo")) {
            int count = 100; // more than one sendmmsg batch
            Packet[] batch = new Packet[count];
            for (int i = 0; i < count; i++) {
                batch[i] = frame(i, 60 + i);
            }
            // One oversized frame (a GSO-sized one goes out alone, past the send slots) in the middle of the rest.
            batch[50] = frame(50, 9000);
            sender.send(batch, count);
            assertThat(batch).doesNotContainNull(); // none refused

            List<Packet> got = receiveOurs(receiver, count);
            assertThat(got).hasSize(count);
            for (int i = 0; i < count; i++) {
                assertThat(sequence(got.get(i))).isEqualTo(i);
                assertThat(got.get(i).length()).isEqualTo(i == 50 ? 9000 : 60 + i);
                assertThat(got.get(i).frame()).isEqualTo(batch[i].frame());
            }
        }
    }

    @Test
    void theReceiveRingDeliversABatchWholeAndInOrderToo() {
        System.setProperty("flowstream.pm.receiveRing", "true");
        try {
            aBatchArrivesWholeAndInOrder();
        } finally {
            System.clearProperty("flowstream.pm.receiveRing");
        }
    }

    @Test
    void aSingleSendArrivesAndReadyTellsWhetherMoreIsWaiting() {
        assumeRoot();
        try (PacketSocket sender = PacketSocket.open("lo");
                PacketSocket receiver = PacketSocket.open("lo")) {
            sender.send(frame(7, 64));
            List<Packet> got = receiveOurs(receiver, 1);
            assertThat(got).hasSize(1);
            assertThat(sequence(got.get(0))).isEqualTo(7);
        }
    }

    @Test
    void anUnknownOrTooLongInterfaceIsRefusedInWords() {
        assumeRoot();
        assertThatThrownBy(() -> PacketSocket.open("nosuchif0"))
                .hasMessage("no interface named 'nosuchif0' in this network namespace");
        assertThatThrownBy(() -> PacketSocket.open("lo-and-much-longer-than-ifnamsiz"))
                .hasMessageContaining("no interface named");
    }

    @Test
    void aClosedSocketRefusesToSendAndReceivesNothing() {
        assumeRoot();
        PacketSocket socket = PacketSocket.open("lo");
        socket.close();
        socket.close(); // twice is harmless
        assertThat(socket.receive()).isNull();
        assertThatThrownBy(() -> socket.send(frame(1, 60))).hasMessageContaining("send on lo failed");
    }

    /** Frames of this run, in arrival order, until {@code count} came or nothing came for two seconds. */
    private List<Packet> receiveOurs(PacketSocket socket, int count) {
        List<Packet> ours = new ArrayList<>();
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (ours.size() < count && System.nanoTime() < deadline) {
            Packet p = socket.receive();
            if (p != null && p.u16(12) == ETHERTYPE && tagOf(p) == tag) {
                ours.add(p);
            }
        }
        return ours;
    }

    private Packet frame(int sequence, int length) {
        byte[] f = new byte[length];
        f[0] = 0x02; // a locally administered unicast destination
        f[6] = 0x02;
        f[12] = (byte) (ETHERTYPE >>> 8);
        f[13] = (byte) ETHERTYPE;
        for (int i = 0; i < 8; i++) {
            f[14 + i] = (byte) (tag >>> (8 * i));
        }
        f[22] = (byte) (sequence >>> 8);
        f[23] = (byte) sequence;
        for (int i = 24; i < length; i++) {
            f[i] = (byte) (i * 31 + sequence);
        }
        return Packet.ofFrame(f);
    }

    private static long tagOf(Packet p) {
        long t = 0;
        for (int i = 0; i < 8; i++) {
            t |= (long) p.u8(14 + i) << (8 * i);
        }
        return t;
    }

    private static int sequence(Packet p) {
        return p.u16(22);
    }

    private static void assumeRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (AF_PACKET sockets)");
    }
}
