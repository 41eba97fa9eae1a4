package org.flowstream.modulehost.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.flowstream.contracts.records.modulehost.PmFlowState;
import org.flowstream.modulehost.elements.TcpTracker;
import org.flowstream.modulehost.runtime.ElementRegistry;
import org.flowstream.modulehost.runtime.FakeDevices;
import org.flowstream.modulehost.runtime.GraphParser;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.PmGraph;
import org.junit.jupiter.api.Test;

/** The TCP tracker: the same state interface as the NAT, so a connection survives moving to another tracker. */
class TcpTrackerStateTest {

    private static TcpTracker tracker(FakeDevices devices) throws Exception {
        PmGraph g = PmGraph.build(
                GraphParser.parse("t :: TcpTracker; t[0] -> ToDevice(out); t[1] -> ToDevice(in)"),
                new ElementRegistry(null),
                devices.context());
        return (TcpTracker) g.elements().get("t");
    }

    private static Packet segment(boolean fromInside, int flags) {
        Packet p = fromInside
                ? FakeDevices.ipv4(Packet.PROTO_TCP, "10.0.0.1", 40000, "203.0.113.9", 80, 0)
                : FakeDevices.ipv4(Packet.PROTO_TCP, "203.0.113.9", 80, "10.0.0.1", 40000, 0);
        p.buffer()[Packet.HEADROOM + p.l4Offset() + 13] = (byte) flags;
        return p;
    }

    @Test
    void aConnectionMovedToAnotherTrackerGoesOnWhereAFreshTrackerDropsIt() throws Exception {
        FakeDevices oldDevices = new FakeDevices();
        FakeDevices newDevices = new FakeDevices();
        FakeDevices bareDevices = new FakeDevices();
        TcpTracker from = tracker(oldDevices);
        TcpTracker to = tracker(newDevices);
        TcpTracker bare = tracker(bareDevices);

        from.push(1, segment(false, 0x02)); // an outside SYN: not allowed to open
        assertThat(oldDevices.sent.get("in")).isNull();
        from.push(0, segment(true, 0x02)); // SYN
        from.push(1, segment(false, 0x12)); // SYN-ACK
        from.push(0, segment(true, 0x10)); // ACK
        assertThat(from.exportFlows(FlowFilter.ALL))
                .extracting(PmFlowState::phase)
                .containsExactly("established");

        to.importFlows(from.exportFlows(FlowFilter.parse("inside 10.0.0.0/24")));
        to.push(1, segment(false, 0x18)); // data from the outside
        bare.push(1, segment(false, 0x18));
        assertThat(newDevices.sent.get("in")).hasSize(1);
        assertThat(bareDevices.sent.get("in")).isNull();
        assertThat(bare.stats().get("dropped")).isEqualTo(1L);

        assertThatThrownBy(() -> to.importFlows(from.exportFlows(FlowFilter.ALL)))
                .hasMessageContaining("has it already");
        to.push(1, segment(false, 0x04)); // RST
        assertThat(to.exportFlows(FlowFilter.ALL)).isEmpty();
    }
}
