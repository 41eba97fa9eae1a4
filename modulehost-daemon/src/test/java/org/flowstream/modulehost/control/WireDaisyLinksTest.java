package org.flowstream.modulehost.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.flowstream.contracts.move.FlowMove;
import org.flowstream.contracts.move.MoveListener;
import org.flowstream.contracts.move.PhasedMove;
import org.flowstream.contracts.net.Ipv4Address;
import org.flowstream.contracts.records.modulehost.PmFlowState;
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
            + " nat[0] -> ToDevice(p1); FromDevice(p1) -> [1]nat; nat[1] -> ToDevice(p0); FromDevice(p2) -> Discard";

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
        readsEveryFromDevice(old, "p0", "p1");
        readsEveryFromDevice(fresh, "p0", "p1");
    }

    /** What starting the graph's FromDevice loops does for the daisy chain: their interfaces are read. */
    private static void readsEveryFromDevice(PmGraph graph, String... ifnames) {
        for (String ifname : ifnames) {
            DaisyFrames.readsFrom(graph.context().device(ifname));
        }
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
        assertThat(out).as("its acknowledgement, then its translation").hasSize(2);
        assertThat(Ipv4Address.format(out.getLast().ipSrc())).isEqualTo("198.51.100.1");
        assertThat(nat(fresh).countFlows(org.flowstream.modulehost.state.FlowFilter.parse("")))
                .isEqualTo(1);
        assertThat(nat(old).countFlows(org.flowstream.modulehost.state.FlowFilter.parse("")))
                .isEqualTo(1);
        assertThat(gate(fresh)).containsEntry("daisy_received", 1L);
        assertThat(gate(old)).containsEntry("daisy_forwarded", 1L);
    }

    @Test
    void theNewNatsAcknowledgementLeavesInTheSameCallAsWhatThePacketMadeAndTheOldOneDropsItsCopy() {
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
        // Each packet's acknowledgement leaves in front of its translation, in one send call out of p1: a PM killed
        // at any instant sent both or neither.
        assertThat(newWire.calls).hasSize(3).allSatisfy(call -> {
            assertThat(call.ifname()).isEqualTo("p1");
            assertThat(call.frames()).hasSize(2);
            assertThat(call.frames().get(0).u16(12)).isEqualTo(DaisyFrames.ETHERTYPE);
            assertThat(call.frames().get(1).u16(12)).isEqualTo(0x0800);
        });
        assertThat(newWire.calls.stream().map(call -> acknowledged(call.frames().getFirst())))
                .containsExactly(List.of(0), List.of(1), List.of(2));
        assertThat(gate(fresh)).containsEntry("daisy_acknowledgements_sent", 3L);

        // The switch takes an acknowledgement from the new PM's p1 to the old PM's p1.
        for (Packet acknowledgement : acknowledgements(newWire)) {
            assertThat(arriveOn(old, "p1", acknowledgement)).isTrue();
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
    void packetsProcessedTogetherLeaveWithOneAcknowledgementInFrontAndOneWithoutOutputIsStillAcknowledged()
            throws InterruptedException {
        control(old, "daisy");
        control(fresh, "accept_daisy");
        for (int i = 0; i < 3; i++) {
            arriveOn(old, "p0", FakeDevices.ipv4(Packet.PROTO_UDP, "10.1.0." + (2 + i), 5000, "10.2.0.1", 53, 10));
        }
        List<Packet> daisy = oldWire.sent.get("p0");
        // A FromDevice thread that read all three at once: its sends wait in the device's batch until it flushes.
        List<Integer> callsBeforeTheFlush = new java.util.ArrayList<>();
        Thread fromDevice = new Thread(() -> {
            org.flowstream.modulehost.runtime.Device.batchSendsOnThisThread();
            DaisyFrames.readsFrom(fresh.context().device("p0"));
            daisy.forEach(tagged -> DaisyFrames.takenIn(fresh.context(), tagged));
            callsBeforeTheFlush.add(newWire.calls.size());
            fresh.context().flushSends();
        });
        fromDevice.start();
        fromDevice.join();
        assertThat(callsBeforeTheFlush).containsExactly(0);
        assertThat(newWire.calls).hasSize(1);
        List<Packet> frames = newWire.calls.getFirst().frames();
        assertThat(frames).hasSize(4);
        assertThat(acknowledged(frames.getFirst())).containsExactly(0, 1, 2);

        // A packet the new NAT drops (no output: from outside, to a port no mapping has) is acknowledged all the
        // same, out of the interface it came in on.
        arriveOn(old, "p1", FakeDevices.ipv4(Packet.PROTO_UDP, "10.2.0.1", 53, "198.51.100.1", 9999, 10));
        newWire.calls.clear();
        assertThat(arriveOn(fresh, "p1", oldWire.sent.get("p1").getLast())).isTrue();
        assertThat(newWire.calls).hasSize(1);
        assertThat(newWire.calls.getFirst().ifname()).isEqualTo("p1");
        assertThat(newWire.calls.getFirst().frames()).hasSize(1);
        assertThat(acknowledged(newWire.calls.getFirst().frames().getFirst())).containsExactly(3);
    }

    @Test
    void anOutputOutOfAnInterfaceNoOneReadsLeavesItsAcknowledgementByTheInterfaceThePacketCameInOn() throws Exception {
        String toAnUnreadInterface = "FromDevice(p0) -> [0]nat :: IPRewriter(EXTERNAL 198.51.100.1, IDLE 60);"
                + " nat[0] -> ToDevice(p2); FromDevice(p1) -> [1]nat; nat[1] -> ToDevice(p0)";
        FakeDevices wire = new FakeDevices();
        PmGraph from = PmGraph.build(GraphParser.parse(toAnUnreadInterface), new ElementRegistry(null), wire.context());
        PmGraph to =
                PmGraph.build(GraphParser.parse(toAnUnreadInterface), new ElementRegistry(null), newWire.context());
        try {
            WireDaisyLinks.attach(from);
            WireDaisyLinks.attach(to);
            readsEveryFromDevice(from, "p0", "p1");
            readsEveryFromDevice(to, "p0", "p1");
            control(from, "daisy");
            control(to, "accept_daisy");
            arriveOn(from, "p0", FakeDevices.ipv4(Packet.PROTO_UDP, "10.1.0.2", 5000, "10.2.0.1", 53, 10));
            arriveOn(to, "p0", wire.sent.get("p0").getFirst());
            // The old PM reads no p2: the acknowledgement goes back out of p0, in a call of its own, first.
            assertThat(newWire.calls).extracting(FakeDevices.Call::ifname).containsExactly("p0", "p2");
            assertThat(acknowledged(newWire.calls.getFirst().frames().getFirst()))
                    .containsExactly(0);
        } finally {
            from.close();
            to.close();
        }
    }

    @Test
    void anAcknowledgementIsTakenOnTheInterfaceTheOutputLeftByThoughItLeadsToNoNatInput() throws Exception {
        String outputWhereNothingLeadsBack = "FromDevice(p0) -> [0]nat :: IPRewriter(EXTERNAL 198.51.100.1, IDLE 60);"
                + " nat[0] -> ToDevice(p1); FromDevice(p1) -> Discard; FromDevice(p2) -> [1]nat; nat[1] -> ToDevice(p0)";
        FakeDevices wire = new FakeDevices();
        PmGraph from = PmGraph.build(
                GraphParser.parse(outputWhereNothingLeadsBack), new ElementRegistry(null), wire.context());
        PmGraph to = PmGraph.build(
                GraphParser.parse(outputWhereNothingLeadsBack), new ElementRegistry(null), newWire.context());
        try {
            WireDaisyLinks.attach(from);
            WireDaisyLinks.attach(to);
            readsEveryFromDevice(from, "p0", "p1", "p2");
            readsEveryFromDevice(to, "p0", "p1", "p2");
            control(from, "daisy");
            control(to, "accept_daisy");
            arriveOn(from, "p0", FakeDevices.ipv4(Packet.PROTO_UDP, "10.1.0.2", 5000, "10.2.0.1", 53, 10));
            arriveOn(to, "p0", wire.sent.get("p0").getFirst());
            assertThat(newWire.calls).extracting(FakeDevices.Call::ifname).containsExactly("p1");
            Packet acknowledgement = newWire.calls.getFirst().frames().getFirst();

            // The switch takes it to the old PM's p1, whose FromDevice leads to a Discard, not to the NAT.
            assertThat(arriveOn(from, "p1", acknowledgement)).isTrue();
            assertThat(refusedOn(from, "p1")).isZero();
            assertThat(gate(from)).containsEntry("daisy_unacknowledged", 0).containsEntry("daisy_acknowledged", 1L);
        } finally {
            from.close();
            to.close();
        }
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
        acknowledgements(newWire).forEach(acknowledgement -> arriveOn(old, "p1", acknowledgement));

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
    void aReplyStillOnItsWayToTheNewNatWhenAnAbortTakesItsStatesBackIsRefusedThereAndTranslatedByTheOldOne() {
        control(old, "daisy");
        control(fresh, "accept_daisy");
        // A flow that starts in the idle phase: the new NAT maps it; its acknowledgement reaches the old NAT.
        arriveOn(old, "p0", FakeDevices.ipv4(Packet.PROTO_UDP, "10.1.0.2", 5000, "10.2.0.1", 53, 10));
        arriveOn(fresh, "p0", oldWire.sent.get("p0").getFirst());
        acknowledgements(newWire).forEach(acknowledgement -> arriveOn(old, "p1", acknowledgement));
        Packet request = newWire.sent.get("p1").getLast();
        // B's reply finds no state at the old NAT, which daisy-chains it; it is still on its way when the abort runs.
        Packet reply = FakeDevices.ipv4(Packet.PROTO_UDP, "10.2.0.1", 53, "198.51.100.1", request.srcPort(), 10);
        arriveOn(old, "p1", reply);
        Packet onItsWay = oldWire.sent.get("p1").getLast();
        newWire.calls.clear();

        var channel = new LocalControlChannel(Map.of("old", old, "new", fresh));
        MoveListener replyArrives = new MoveListener() {
            @Override
            public void inHand(List<PmFlowState> states) { // after the new NAT's states were taken back
                arriveOn(fresh, "p1", onItsWay);
                acknowledgements(newWire).forEach(acknowledgement -> arriveOn(old, "p1", acknowledgement));
            }
        };
        PhasedMove.giveBack(
                new FlowMove.Instance(channel, "old", "nat"),
                new FlowMove.Instance(channel, "new", "nat"),
                "",
                List.of(),
                0,
                replyArrives);

        assertThat(refusedOn(fresh, "p1"))
                .as("end_daisy came first: no move expects it at the new PM any more")
                .isEqualTo(1);
        assertThat(gate(fresh)).containsEntry("daisy_received", 1L);
        assertThat(gate(old)).containsEntry("daisy_replayed", 1L);
        List<Packet> toA = oldWire.sent.get("p0").stream()
                .filter(frame -> frame.u16(12) == 0x0800)
                .toList();
        assertThat(toA)
                .as("the reply, translated back by the old NAT with the mapping given back")
                .hasSize(1);
        assertThat(Ipv4Address.format(toA.getFirst().ipDst())).isEqualTo("10.1.0.2");
        assertThat(toA.getFirst().dstPort()).isEqualTo(5000);
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
        assertThat(refusedOn(fresh, "p0")).isEqualTo(1);

        control(fresh, "accept_daisy");
        control(fresh, "end_daisy");
        assertThat(arriveOn(fresh, "p0", forged)).isTrue();
        assertThat(newWire.sent).isEmpty();
        assertThat(refusedOn(fresh, "p0")).isEqualTo(2);
        assertThat(gate(fresh)).containsEntry("daisy_received", 0L);
    }

    @Test
    void duringAMoveATaggedFrameOnAnInterfaceThatDoesNotLeadToItsInputIsRefused() {
        control(fresh, "accept_daisy");
        Packet forged =
                DaisyFrames.tagged(FakeDevices.ipv4(Packet.PROTO_UDP, "10.1.0.3", 6000, "10.2.0.1", 53, 10), 0, 0, 7);
        assertThat(arriveOn(fresh, "p1", forged))
                .as("the graph does not see it either")
                .isTrue();
        assertThat(newWire.sent).isEmpty();
        assertThat(refusedOn(fresh, "p1")).isEqualTo(1);
        assertThat(gate(fresh)).containsEntry("daisy_received", 0L).containsEntry("daisy_refused", 0L);
    }

    @Test
    void aForgedAcknowledgementMakesNoOldInstanceForgetItsCopies() {
        Packet forgedAcknowledgement = DaisyFrames.acknowledgement(new byte[12], 0, new int[] {0, 1, 2}, 3);
        assertThat(arriveOn(old, "p1", forgedAcknowledgement)).isTrue();
        assertThat(refusedOn(old, "p1"))
                .as("no copies wait: no acknowledgement is expected")
                .isEqualTo(1);

        control(old, "daisy");
        arriveOn(old, "p0", FakeDevices.ipv4(Packet.PROTO_UDP, "10.1.0.2", 5000, "10.2.0.1", 53, 10));
        assertThat(gate(old)).containsEntry("daisy_unacknowledged", 1);
        Packet anotherElements = DaisyFrames.acknowledgement(new byte[12], 1, new int[] {0}, 1);
        assertThat(arriveOn(old, "p1", anotherElements)).isTrue();
        assertThat(refusedOn(old, "p1"))
                .as("an acknowledgement for a stateful element the PM does not have")
                .isEqualTo(2);
        assertThat(gate(old)).containsEntry("daisy_unacknowledged", 1).containsEntry("daisy_acknowledged", 0L);
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

    /** The acknowledgement frames a PM sent, in order. */
    private static List<Packet> acknowledgements(FakeDevices wire) {
        return wire.sendOrder.isEmpty()
                ? List.of()
                : wire.calls.stream()
                        .flatMap(call -> call.frames().stream())
                        .filter(frame -> frame.u16(12) == DaisyFrames.ETHERTYPE)
                        .toList();
    }

    /** The sequence numbers an acknowledgement frame carries. */
    private static List<Integer> acknowledged(Packet acknowledgement) {
        assertThat(acknowledgement.u16(12)).isEqualTo(DaisyFrames.ETHERTYPE);
        assertThat(acknowledgement.u8(15)).isEqualTo(DaisyFrames.ACKNOWLEDGEMENT);
        return java.util.stream.IntStream.range(0, acknowledgement.u32(16))
                .mapToObj(i -> acknowledgement.u32(20 + 4 * i))
                .toList();
    }

    private static long refusedOn(PmGraph graph, String ifname) {
        return graph.context().device(ifname).daisyRefused();
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
