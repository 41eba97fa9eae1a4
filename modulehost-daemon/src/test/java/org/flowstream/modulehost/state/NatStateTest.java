package org.flowstream.modulehost.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.flowstream.contracts.net.Ipv4Address;
import org.flowstream.contracts.records.modulehost.PmFlowState;
import org.flowstream.modulehost.elements.IPRewriter;
import org.flowstream.modulehost.runtime.ElementRegistry;
import org.flowstream.modulehost.runtime.FakeDevices;
import org.flowstream.modulehost.runtime.GraphParser;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.PmGraph;
import org.junit.jupiter.api.Test;

/**
 * The carrier-grade NAT's state on in-memory devices: paired pooling, idle expiry, export and import between two
 * instances, and the gate's hold, hand-over and release. The same moves with real PMs and packets: FlowMoveTest.
 */
class NatStateTest {

    private final FakeDevices oldDevices = new FakeDevices();
    private final FakeDevices newDevices = new FakeDevices();

    private static IPRewriter nat(FakeDevices devices, String args) throws Exception {
        PmGraph g = PmGraph.build(
                GraphParser.parse("nat :: IPRewriter(" + args + "); nat[0] -> ToDevice(out); nat[1] -> ToDevice(in)"),
                new ElementRegistry(null),
                devices.context());
        return (IPRewriter) g.elements().get("nat");
    }

    private static Packet out(String src, int sport) {
        return FakeDevices.ipv4(Packet.PROTO_UDP, src, sport, "203.0.113.9", 53, 10);
    }

    private static Packet in(String external, int port) {
        return FakeDevices.ipv4(Packet.PROTO_UDP, "203.0.113.9", 53, external, port, 10);
    }

    @Test
    void pairedPoolingGivesEveryFlowOfOneInsideAddressTheSameExternalAddress() throws Exception {
        IPRewriter nat = nat(oldDevices, "EXTERNAL 192.0.2.0/31, PORTS 40000-40099");
        nat.push(0, out("10.0.0.1", 1000));
        nat.push(0, out("10.0.0.2", 1000));
        nat.push(0, out("10.0.0.1", 1001));
        nat.push(0, out("10.0.0.2", 1001));
        List<Packet> sent = oldDevices.sent.get("out");
        assertThat(Ipv4Address.format(sent.get(0).ipSrc()))
                .isEqualTo(Ipv4Address.format(sent.get(2).ipSrc()));
        assertThat(Ipv4Address.format(sent.get(1).ipSrc()))
                .isEqualTo(Ipv4Address.format(sent.get(3).ipSrc()));
        // The least used address goes to a new inside address: the two spread over the pool.
        assertThat(sent.get(0).ipSrc()).isNotEqualTo(sent.get(1).ipSrc());
    }

    @Test
    void pairingByPrefixGivesEachInsidePrefixItsOwnExternalAddressOnEveryInstance() throws Exception {
        String args = "EXTERNAL 192.0.2.0/31, PORTS 40000-40099, PAIR_PREFIX 25";
        IPRewriter from = nat(oldDevices, args);
        from.push(0, out("10.0.0.1", 1000));
        from.push(0, out("10.0.0.2", 1000)); // the same /25: least-used pairing would have spread the two
        from.push(0, out("10.0.0.129", 1000));
        List<Packet> sent = oldDevices.sent.get("out");
        assertThat(sent)
                .extracting(p -> Ipv4Address.format(p.ipSrc()))
                .containsExactly("192.0.2.0", "192.0.2.0", "192.0.2.1");
        // The flows of the inside /25 10.0.0.128/25 are exactly those of 192.0.2.1: moved by prefix, their return
        // traffic has one instance to go to, and a new flow of that prefix at the new instance pairs alike.
        FlowFilter upper = FlowFilter.parse("inside 10.0.0.128/25");
        assertThat(from.exportFlows(upper)).extracting(PmFlowState::external).containsExactly("192.0.2.1");
        IPRewriter to = nat(newDevices, args);
        to.importFlows(from.takeFlows(upper));
        to.push(0, out("10.0.0.130", 1000));
        assertThat(Ipv4Address.format(newDevices.sent.get("out").get(0).ipSrc()))
                .isEqualTo("192.0.2.1");
        // A state that pairs otherwise than this instance's prefixes is refused, in words.
        IPRewriter leastUsed = nat(new FakeDevices(), "EXTERNAL 192.0.2.0/31, PORTS 40000-40099");
        leastUsed.push(0, out("10.0.0.3", 1000));
        leastUsed.push(0, out("10.0.0.4", 1000)); // the least used address: 192.0.2.1, not its /25's
        assertThatThrownBy(() -> nat(new FakeDevices(), args).importFlows(leastUsed.exportFlows(FlowFilter.ALL)))
                .hasMessageContaining("10.0.0.4 is paired with 192.0.2.0 here");
    }

    /**
     * A phased move's batch: return traffic the old NAT daisy-chains for a mapping it has just given up carries no
     * inside endpoint (the new NAT has no mapping for it yet), so its batch cannot be read off it; it must wait for
     * the batch's state all the same, not be dropped as unsolicited.
     */
    @Test
    void returnTrafficOfAMappingOnItsWayWaitsForItsBatch() throws Exception {
        IPRewriter from = nat(oldDevices, "EXTERNAL 192.0.2.1, PORTS 40000-40099");
        IPRewriter to = nat(newDevices, "EXTERNAL 192.0.2.1, PORTS 40000-40099");
        from.push(0, out("10.0.0.1", 1000));
        PmFlowState state = from.exportFlows(FlowFilter.ALL).getFirst();
        FlowFilter batch = FlowFilter.parse("external 192.0.2.1").batch(FlowFilter.batchOf(FlowKey.of(state), 8), 8);

        to.gate().awaitState(batch);
        List<PmFlowState> taken = from.takeFlows(batch);
        to.gate().pushDaisyChained(1, in("192.0.2.1", state.externalPort())); // the reply, daisy-chained
        assertThat(newDevices.sent.get("in")).isNull();
        to.gate().release(batch, List.of(), () -> to.importFlows(taken));

        assertThat(newDevices.sent.get("in")).hasSize(1);
        assertThat(Ipv4Address.format(newDevices.sent.get("in").getFirst().ipDst()))
                .isEqualTo("10.0.0.1");
        assertThat(to.stats()).containsEntry("unsolicited", 0L);
    }

    @Test
    void idleMappingsExpireAndGiveTheirPortBack() throws Exception {
        IPRewriter nat = nat(oldDevices, "EXTERNAL 192.0.2.1, PORTS 40000-40000, IDLE 5");
        nat.push(0, out("10.0.0.1", 1000));
        assertThat(nat.mappingOf(Packet.PROTO_UDP, Ipv4Address.parse("10.0.0.1").bits(), 1000))
                .isEqualTo(40000);
        nat.push(0, out("10.0.0.2", 1000)); // the one port is taken: untranslatable
        assertThat(nat.stats().get("untranslatable")).isEqualTo(1L);
        assertThat(nat.expireIdle(System.nanoTime() + 1_000_000_000L)).isZero();
        assertThat(nat.expireIdle(System.nanoTime() + 6_000_000_000L)).isEqualTo(1);
        assertThat(nat.mappingOf(Packet.PROTO_UDP, Ipv4Address.parse("10.0.0.1").bits(), 1000))
                .isNull();
        nat.push(0, out("10.0.0.2", 1000));
        assertThat(nat.mappingOf(Packet.PROTO_UDP, Ipv4Address.parse("10.0.0.2").bits(), 1000))
                .isEqualTo(40000);
    }

    @Test
    void exportedMappingsImportedElsewhereTranslateTheSameAndKeepTheirIdleTime() throws Exception {
        IPRewriter from = nat(oldDevices, "EXTERNAL 192.0.2.1, IDLE 60");
        IPRewriter to = nat(newDevices, "EXTERNAL 192.0.2.1, IDLE 60");
        from.push(0, out("10.0.0.1", 1000));
        from.push(0, out("10.1.0.1", 1000));
        FlowFilter tenPrefix = FlowFilter.parse("inside 10.0.0.0/16");
        List<PmFlowState> states = from.exportFlows(tenPrefix);
        assertThat(states).hasSize(1);
        to.importFlows(states);
        PmFlowState moved = to.exportFlows(FlowFilter.ALL).get(0);
        assertThat(FlowKey.of(moved)).isEqualTo(FlowKey.of(states.get(0)));
        assertThat(moved.idleMs()).isGreaterThanOrEqualTo(states.get(0).idleMs());
        int port =
                from.mappingOf(Packet.PROTO_UDP, Ipv4Address.parse("10.0.0.1").bits(), 1000);
        to.push(0, out("10.0.0.1", 1000));
        assertThat(newDevices.sent.get("out").get(0).srcPort()).isEqualTo(port);
        to.push(1, in("192.0.2.1", port));
        assertThat(Ipv4Address.format(newDevices.sent.get("in").get(0).ipDst())).isEqualTo("10.0.0.1");
        // An expired state does not come back to life by moving: its idle time moved with it.
        assertThat(to.expireIdle(System.nanoTime() + 61_000_000_000L - FlowKey.idleNanos(states.get(0))))
                .isEqualTo(1);
        assertThat(from.deleteFlows(tenPrefix)).isEqualTo(1);
        assertThat(from.exportFlows(FlowFilter.ALL)).hasSize(1);
    }

    @Test
    void anImportThatConflictsIsRefusedWholeSayingWhy() throws Exception {
        IPRewriter from = nat(oldDevices, "EXTERNAL 192.0.2.1");
        IPRewriter to = nat(newDevices, "EXTERNAL 192.0.2.1");
        from.push(0, out("10.0.0.1", 1000));
        from.push(0, out("10.0.0.2", 1000));
        to.push(0, out("10.0.0.9", 1000)); // takes the first port too
        assertThatThrownBy(() -> to.importFlows(from.exportFlows(FlowFilter.ALL)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.0.0.1:1000")
                .hasMessageContaining("already maps that external port");
        assertThat(to.exportFlows(FlowFilter.ALL)).hasSize(1);
        IPRewriter elsewhere = nat(new FakeDevices(), "EXTERNAL 198.51.100.7");
        assertThatThrownBy(() -> elsewhere.importFlows(from.exportFlows(FlowFilter.ALL)))
                .hasMessageContaining("192.0.2.1 is not in this NAT's pool");
        assertThat(elsewhere.exportFlows(FlowFilter.ALL)).isEmpty();
    }

    @Test
    void frozenFlowsWaitInOrderAndLeaveWithTheirStateWhileOthersFlow() throws Exception {
        IPRewriter from = nat(oldDevices, "EXTERNAL 192.0.2.1");
        IPRewriter to = nat(newDevices, "EXTERNAL 192.0.2.1");
        from.push(0, out("10.0.0.1", 1000));
        from.push(0, out("10.2.0.1", 1000));
        FlowFilter moving = FlowFilter.parse("protocol udp inside 10.0.0.0/24");
        to.gate().freeze(moving);
        from.gate().freeze(moving);
        for (int i = 0; i < 5; i++) {
            from.push(0, FakeDevices.ipv4(Packet.PROTO_UDP, "10.0.0.1", 1000, "203.0.113.9", 53, 10 + i));
        }
        from.push(0, out("10.2.0.1", 1000)); // not frozen: goes on
        assertThat(oldDevices.sent.get("out")).hasSize(3);
        to.importFlows(from.exportFlows(moving));
        to.push(0, FakeDevices.ipv4(Packet.PROTO_UDP, "10.0.0.1", 1000, "203.0.113.9", 53, 20)); // after the rewire
        List<FlowGate.HeldPacket> handed = from.gate().handOver(moving, 1);
        assertThat(handed).hasSize(5);
        assertThat(from.exportFlows(moving)).isEmpty();
        assertThat(newDevices.sent.get("out")).isNull();
        long[] waited = to.gate().release(moving, handed);
        assertThat(waited).hasSize(6);
        // The handed-over packets first, in order, then the one the new instance held: payload lengths 10..14, 20.
        assertThat(newDevices.sent.get("out")).extracting(p -> p.length()).containsExactly(52, 53, 54, 55, 56, 62);
        assertThat(to.gate().stats().get("frozen")).isEqualTo(List.of());
    }

    @Test
    void filtersAreReadFromTextAndRefusedInWords() {
        FlowFilter f = FlowFilter.parse("protocol tcp inside 10.1.0.0/16 external 198.51.100.1");
        assertThat(FlowFilter.parse(f.toString())).isEqualTo(f);
        assertThat(f.matches(new FlowKey(
                        6,
                        Ipv4Address.parse("10.1.2.3").bits(),
                        5,
                        0,
                        0,
                        Ipv4Address.parse("198.51.100.1").bits(),
                        9)))
                .isTrue();
        assertThat(f.matches(new FlowKey(
                        17,
                        Ipv4Address.parse("10.1.2.3").bits(),
                        5,
                        0,
                        0,
                        Ipv4Address.parse("198.51.100.1").bits(),
                        9)))
                .isFalse();
        assertThatThrownBy(() -> FlowFilter.parse("inside")).hasMessageContaining("'key value' pairs");
        assertThatThrownBy(() -> FlowFilter.parse("port 5")).hasMessageContaining("unknown flow filter key 'port'");
        assertThatThrownBy(() -> FlowFilter.parse("protocol icmp")).hasMessageContaining("tcp or udp");
    }
}
