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
        assertThat(tagged.u16(14)).isEqualTo(DaisyFrames.tag(0, 0));
        assertThat(tagged.length()).isEqualTo(original.length + DaisyFrames.TAG_BYTES);
        assertThat(DaisyFrames.untag(tagged).frame()).isEqualTo(original);

        // The switch takes it to the new PM's p0: its runtime hands it to the NAT, not to FromDevice's graph.
        assertThat(DaisyFrames.takenIn(fresh.context(), tagged)).isTrue();
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
    void aTaggedFrameNoMoveAskedForReachesNoElement() {
        Packet forged = DaisyFrames.tagged(
                FakeDevices.ipv4(Packet.PROTO_UDP, "10.1.0.3", 6000, "10.2.0.1", 53, 10), DaisyFrames.tag(0, 0));
        assertThat(DaisyFrames.takenIn(fresh.context(), forged)).isTrue();
        assertThat(newWire.sent).isEmpty();
        assertThat(gate(fresh)).containsEntry("daisy_refused", 1L);

        control(fresh, "accept_daisy");
        control(fresh, "end_daisy");
        assertThat(DaisyFrames.takenIn(fresh.context(), forged)).isTrue();
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
                    FakeDevices.ipv4(Packet.PROTO_UDP, "10.1.0.3", 6000, "10.2.0.1", 53, 10), DaisyFrames.tag(0, 0));
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
        Packet tagged = DaisyFrames.tagged(packet, DaisyFrames.tag(1, 1));
        assertThat(tagged.buffer()[6]).isEqualTo((byte) 38);
        assertThat(tagged.buffer()[2]).isEqualTo((byte) 58);
        assertThat(tagged.buffer()[8]).isEqualTo((byte) 16);
        Packet back = DaisyFrames.untag(tagged);
        assertThat(back.buffer()).isEqualTo(buffer);
    }

    /** A frame arriving on the PM's interface, pushed by that interface's thread as FromDevice does. */
    private static void arriveOn(PmGraph graph, String ifname, Packet packet) {
        DaisyFrames.readsFrom(graph.context().device(ifname));
        if (!DaisyFrames.takenIn(graph.context(), packet)) {
            graph.elements().get("nat").push(ifname.equals("p0") ? 0 : 1, packet);
        }
        graph.context().flushSends();
    }

    private static void control(PmGraph graph, String op) {
        new ControlOps(graph).answer(new ControlRequest(op, "nat", "", null, null, 0));
    }

    private static StatefulElement nat(PmGraph graph) {
        return (StatefulElement) graph.elements().get("nat");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> gate(PmGraph graph) {
        return nat(graph).gate().stats();
    }
}
