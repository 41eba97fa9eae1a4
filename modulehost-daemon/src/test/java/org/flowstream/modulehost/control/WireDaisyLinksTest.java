package org.flowstream.modulehost.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.flowstream.contracts.net.Ipv4Address;
import org.flowstream.modulehost.runtime.DaisyFrames;
import org.flowstream.modulehost.runtime.ElementRegistry;
import org.flowstream.modulehost.runtime.FakeDevices;
import org.flowstream.modulehost.runtime.GraphParser;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.PmGraph;
import org.flowstream.modulehost.state.StatefulElement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The daisy link between two PMs, frame by frame, with in-memory interfaces standing in for the switch (the real
 * switch and PMs: FlowMoveTest.aPhasedMoveDaisyChainsThroughTheSwitchWithNothingLost): what the old NAT keeps no
 * state for leaves tagged by the interface it came in on, and the new NAT, told to accept the filter, processes it
 * as its own; a tagged frame nobody asked for reaches no element.
 */
class WireDaisyLinksTest {

    private static final String NAT = "FromDevice(p0) -> [0]nat :: IPRewriter(EXTERNAL 198.51.100.1, IDLE 60);"
            + " nat[0] -> ToDevice(p1); FromDevice(p1) -> [1]nat; nat[1] -> ToDevice(p0)";

    private final FakeDevices oldWire = new FakeDevices();
    private final FakeDevices newWire = new FakeDevices();
    private PmGraph old;
    private PmGraph fresh;

    @BeforeEach
    void start() throws Exception {
        old = PmGraph.build(GraphParser.parse(NAT), new ElementRegistry(null), oldWire.context());
        fresh = PmGraph.build(GraphParser.parse(NAT), new ElementRegistry(null), newWire.context());
        WireDaisyLinks.attach(old);
        WireDaisyLinks.attach(fresh);
    }

    @AfterEach
    void stop() {
        old.close();
        fresh.close();
    }

    @Test
    void aPacketWithoutStateAtTheOldNatLeavesTaggedAndTheNewNatTranslatesIt() {
        Packet known = FakeDevices.ipv4(Packet.PROTO_UDP, "10.1.0.1", 4000, "10.2.0.1", 53, 10);
        arriveOn(old, "p0", known); // a flow the old NAT serves before the idle phase
        control(old, "daisy");
        control(fresh, "accept_daisy");

        Packet stranger = FakeDevices.ipv4(Packet.PROTO_UDP, "10.1.0.2", 5000, "10.2.0.1", 53, 10);
        byte[] original = stranger.frame();
        arriveOn(old, "p0", stranger);
        arriveOn(old, "p0", FakeDevices.ipv4(Packet.PROTO_UDP, "10.1.0.1", 4000, "10.2.0.1", 53, 10));

        // The known flow goes on at the old NAT (out of p1); the new one goes back out of p0, tagged.
        assertThat(oldWire.sent.get("p1")).hasSize(2);
        List<Packet> daisy = oldWire.sent.get("p0");
        assertThat(daisy).hasSize(1);
        Packet tagged = daisy.getFirst();
        assertThat(tagged.u16(12)).isEqualTo(DaisyFrames.ETHERTYPE);
        assertThat(tagged.u16(14)).as("element 0, input 0").isZero();
        assertThat(DaisyFrames.sequenceOf(tagged)).isZero();
        assertThat(tagged.length()).isEqualTo(original.length + DaisyFrames.TAG_BYTES);
        assertThat(DaisyFrames.untag(tagged).frame()).isEqualTo(original);

        // The switch takes it to the new PM's p0: its runtime hands it to the NAT, not to FromDevice's graph.
        assertThat(arriveOn(fresh, "p0", tagged)).isTrue();
        List<Packet> out = newWire.sent.get("p1");
        assertThat(out).hasSize(1);
        assertThat(Ipv4Address.format(out.getFirst().ipSrc())).isEqualTo("198.51.100.1");
        assertThat(nat(fresh).countFlows(org.flowstream.modulehost.state.FlowFilter.parse("")))
                .isEqualTo(1);
        assertThat(nat(old).countFlows(org.flowstream.modulehost.state.FlowFilter.parse("")))
                .isEqualTo(1);
        assertThat(gate(fresh)).containsEntry("daisy_received", 1L);
        assertThat(gate(old)).containsEntry("daisy_forwarded", 1L);
    }

    @Test
    void theNewNatAcknowledgesEachPacketBeforeWhatItMadeLeavesAndTheOldOneDropsItsCopy() {
        control(old, "daisy");
        control(fresh, "accept_daisy");
        for (int i = 0; i < 3; i++) {
            arriveOn(old, "p0", FakeDevices.ipv4(Packet.PROTO_UDP, "10.1.0." + (2 + i), 5000, "10.2.0.1", 53, 10));
        }
        List<Packet> daisy = oldWire.sent.get("p0");
        assertThat(daisy.stream().map(DaisyFrames::sequenceOf)).containsExactly(0, 1, 2);
        assertThat(gate(old)).containsEntry("daisy_unacknowledged", 3);

        for (Packet tagged : daisy) {
            arriveOn(fresh, "p0", tagged);
        }
        // Each acknowledgement (back out of p0, where the packet came in) leaves before the packet's translation.
        assertThat(newWire.sendOrder).containsExactly("p0", "p1", "p0", "p1", "p0", "p1");
        List<Packet> acknowledgements = newWire.sent.get("p0");
        assertThat(acknowledgements.getFirst().u16(12)).isEqualTo(DaisyFrames.ETHERTYPE);
        assertThat(gate(fresh)).containsEntry("daisy_acknowledgements_sent", 3L);

        for (Packet acknowledgement : acknowledgements) {
            assertThat(arriveOn(old, "p0", acknowledgement)).isTrue();
        }
        assertThat(gate(old))
                .containsEntry("daisy_unacknowledged", 0)
                .containsEntry("daisy_acknowledged", 3L)
                .containsEntry("daisy_replayed", 0L);
        assertThat(oldWire.sent.get("p1"))
                .as("the old NAT processed none of them")
                .isNull();
    }

    @Test
    void whenTheNewNatDiesTheOldOneProcessesWhatItNeverAcknowledgedInOrderAndNothingTwice() {
        control(old, "daisy");
        control(fresh, "accept_daisy");
        // Two flows, two packets each, told apart by their lengths: a1 a2 from 10.1.0.2, b1 b2 from 10.1.0.3.
        int[] lengths = {10, 20, 11, 21};
        for (int length : lengths) {
            String source = length < 20 ? "10.1.0.2" : "10.1.0.3";
            arriveOn(old, "p0", FakeDevices.ipv4(Packet.PROTO_UDP, source, 5000, "10.2.0.1", 53, length));
        }
        List<Packet> daisy = oldWire.sent.get("p0");
        arriveOn(fresh, "p0", daisy.get(0)); // a1 and b1 reach the new NAT; a2 and b2 die with it
        arriveOn(fresh, "p0", daisy.get(1));
        newWire.sent.get("p0").forEach(acknowledgement -> arriveOn(old, "p0", acknowledgement));

        // The abort (PhasedMove.moveBack): the old NAT holds the filter, then releases it.
        control(old, "freeze");
        control(old, "release");
        List<Packet> out = oldWire.sent.get("p1");
        assertThat(out.stream().map(p -> p.length() - 42))
                .as("a2 then b2, once each")
                .containsExactly(11, 21);
        assertThat(Ipv4Address.format(out.getFirst().ipSrc())).isEqualTo("198.51.100.1");
        assertThat(gate(old))
                .containsEntry("daisy_replayed", 2L)
                .containsEntry("daisy_unacknowledged", 0)
                .containsEntry("daisy_acknowledged", 2L);
        assertThat(nat(old).countFlows(org.flowstream.modulehost.state.FlowFilter.parse("")))
                .as("the state the new NAT would have made is made here")
                .isEqualTo(2);
    }

    @Test
    void aDaisyChainedPacketTheNewNatStillHoldsIsNeitherAcknowledgedNorHandedOver() {
        control(old, "daisy");
        control(fresh, "accept_daisy");
        control(fresh, "await"); // a batch's state is on its way: its packets wait at the new NAT
        arriveOn(old, "p0", FakeDevices.ipv4(Packet.PROTO_UDP, "10.1.0.2", 5000, "10.2.0.1", 53, 10));
        arriveOn(fresh, "p0", oldWire.sent.get("p0").getFirst());
        assertThat(newWire.sent)
                .as("held: nothing sent, not even its acknowledgement")
                .isEmpty();
        assertThat(gate(fresh)).containsEntry("held", 1);

        // The abort takes the filter back: the new NAT hands over nothing of it, the old one processes its copy.
        assertThat((List<?>) control(fresh, "hand_over")).isEmpty();
        control(old, "freeze");
        control(old, "release");
        assertThat(oldWire.sent.get("p1")).hasSize(1);
        assertThat(gate(old)).containsEntry("daisy_replayed", 1L);
    }

    @Test
    void theOldNatForgetsItsCopiesWhenItHandsTheFilterOver() {
        control(old, "daisy");
        control(fresh, "accept_daisy");
        arriveOn(old, "p0", FakeDevices.ipv4(Packet.PROTO_UDP, "10.1.0.2", 5000, "10.2.0.1", 53, 10));
        control(old, "freeze");
        control(old, "hand_over"); // the move went through: the new NAT serves the filter
        assertThat(gate(old)).containsEntry("daisy_unacknowledged", 0).containsEntry("daisy_replayed", 0L);
    }

    @Test
    void aTaggedFrameNoMoveAskedForReachesNoElement() {
        Packet forged =
                DaisyFrames.tagged(FakeDevices.ipv4(Packet.PROTO_UDP, "10.1.0.3", 6000, "10.2.0.1", 53, 10), 0, 0, 7);
        assertThat(arriveOn(fresh, "p0", forged)).isTrue();
        assertThat(newWire.sent).as("neither processed nor acknowledged").isEmpty();
        assertThat(gate(fresh)).containsEntry("daisy_refused", 1L);

        control(fresh, "accept_daisy");
        control(fresh, "end_daisy");
        assertThat(arriveOn(fresh, "p0", forged)).isTrue();
        assertThat(newWire.sent).isEmpty();
        assertThat(gate(fresh)).containsEntry("daisy_refused", 2L);
    }

    @Test
    void aPmWithoutStatefulElementsSeesTaggedFramesAsTheyAre() throws Exception {
        PmGraph plain = PmGraph.build(
                GraphParser.parse("FromDevice(p0) -> ToDevice(p1)"),
                new ElementRegistry(null),
                new FakeDevices().context());
        try {
            Packet tagged = DaisyFrames.tagged(
                    FakeDevices.ipv4(Packet.PROTO_UDP, "10.1.0.3", 6000, "10.2.0.1", 53, 10), 0, 0, 0);
            assertThat(DaisyFrames.takenIn(plain.context(), tagged)).isFalse();
        } finally {
            plain.close();
        }
    }

    @Test
    void anOffloadedChecksumsOffsetsMoveWithTheTag() {
        Packet packet = FakeDevices.ipv4(Packet.PROTO_TCP, "10.1.0.1", 4000, "10.2.0.1", 80, 100);
        byte[] buffer = packet.buffer();
        buffer[0] = 1; // VIRTIO_NET_HDR_F_NEEDS_CSUM, csum_start 34 (the TCP header), hdr_len 54
        buffer[2] = 54;
        buffer[6] = 34;
        buffer[8] = 16;
        Packet tagged = DaisyFrames.tagged(packet, 1, 1, 99);
        assertThat(tagged.buffer()[6]).isEqualTo((byte) (34 + DaisyFrames.TAG_BYTES));
        assertThat(tagged.buffer()[2]).isEqualTo((byte) (54 + DaisyFrames.TAG_BYTES));
        assertThat(tagged.buffer()[8]).isEqualTo((byte) 16);
        Packet back = DaisyFrames.untag(tagged);
        assertThat(back.buffer()).isEqualTo(buffer);
    }

    /**
     * A frame arriving on the PM's interface, pushed by that interface's thread as FromDevice does; whether the
     * daisy chain took it in.
     */
    private static boolean arriveOn(PmGraph graph, String ifname, Packet packet) {
        DaisyFrames.readsFrom(graph.context().device(ifname));
        boolean takenIn = DaisyFrames.takenIn(graph.context(), packet);
        if (!takenIn) {
            graph.elements().get("nat").push(ifname.equals("p0") ? 0 : 1, packet);
        }
        graph.context().flushSends();
        return takenIn;
    }

    private static Object control(PmGraph graph, String op) {
        return new ControlOps(graph).answer(new ControlRequest(op, "nat", "", null, null, 0));
    }

    private static StatefulElement nat(PmGraph graph) {
        return (StatefulElement) graph.elements().get("nat");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> gate(PmGraph graph) {
        return nat(graph).gate().stats();
    }
}
