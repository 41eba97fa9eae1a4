package org.flowstream.modulehost.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.flowstream.contracts.records.modulehost.ElementGlobalState;
import org.flowstream.contracts.records.modulehost.GateCounters;
import org.flowstream.contracts.records.modulehost.HandedOverPacket;
import org.flowstream.contracts.records.modulehost.PmFlowState;
import org.flowstream.contracts.records.modulehost.PmFlowsRequest;
import org.flowstream.contracts.records.modulehost.ReleaseSummary;
import org.flowstream.modulehost.runtime.ElementRegistry;
import org.flowstream.modulehost.runtime.FakeDevices;
import org.flowstream.modulehost.runtime.GraphParser;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.PmGraph;
import org.junit.jupiter.api.Test;

/**
 * What a PM's control channel answers (ControlOps, in the JSON shapes its socket carries) is what pm_flows' contract
 * records read: a NAT's states, its handed-over packets and its release summary travel from one PM to another as
 * {@link PmFlowsRequest} builds them, read strictly. A key renamed in the PM's PmFlowState or release answer fails
 * here. Real PMs on real module hosts: MigrateFlowsTest and FlowMoveTest.
 */
class PmFlowsAnswersTest {

    private final FakeDevices oldDevices = new FakeDevices();
    private final FakeDevices newDevices = new FakeDevices();

    private static PmGraph nat(FakeDevices devices) {
        try {
            return PmGraph.build(
                    GraphParser.parse(
                            "nat :: IPRewriter(EXTERNAL 192.0.2.1); nat[0] -> ToDevice(out); nat[1] -> ToDevice(in)"),
                    new ElementRegistry(null),
                    devices.context());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static PmFlowsRequest request(String pm, String op) {
        return new PmFlowsRequest(pm, op, "nat", "", null, null, null);
    }

    @Test
    void aNatsStatesPacketsAndReleaseTravelAsTheContractRecords() {
        PmGraph old = nat(oldDevices);
        LocalControlChannel channel = new LocalControlChannel(Map.of("old", old, "new", nat(newDevices)));
        old.elements().get("nat").push(0, FakeDevices.ipv4(Packet.PROTO_UDP, "10.0.0.1", 1000, "203.0.113.9", 53, 10));

        assertThat(channel.call(new PmFlowsRequest("old", "elements", null, null, null, null, null)))
                .isEqualTo(List.of("nat"));
        call(channel, request("new", "freeze"));
        call(channel, request("old", "freeze"));
        old.elements().get("nat").push(0, FakeDevices.ipv4(Packet.PROTO_UDP, "10.0.0.1", 1000, "203.0.113.9", 53, 11));

        @SuppressWarnings("unchecked")
        List<PmFlowState> states = (List<PmFlowState>) call(channel, request("old", "export"));
        assertThat(states).singleElement().satisfies(s -> {
            assertThat(s.protocol()).isEqualTo("udp");
            assertThat(s.inside()).isEqualTo("10.0.0.1");
            assertThat(s.insidePort()).isEqualTo(1000);
            assertThat(s.external()).isEqualTo("192.0.2.1");
        });
        assertThat(call(channel, new PmFlowsRequest("new", "import", "nat", "", states, null, null)))
                .isEqualTo(1);

        @SuppressWarnings("unchecked")
        List<HandedOverPacket> packets = (List<HandedOverPacket>)
                call(channel, new PmFlowsRequest("old", "hand_over", "nat", "", null, null, 1));
        assertThat(packets).singleElement().satisfies(p -> assertThat(p.port()).isZero());
        ReleaseSummary released =
                (ReleaseSummary) call(channel, new PmFlowsRequest("new", "release", "nat", "", null, packets, null));
        assertThat(released.processed()).isEqualTo(1);
        assertThat(released.handedOver()).isEqualTo(1);
        assertThat(released.holdUs()).hasSize(1);
        assertThat(newDevices.sent.get("out")).hasSize(1);

        // The gate's counters (freeze, daisy, ...) and global's answer are records too.
        GateCounters frozen = (GateCounters) call(channel, request("new", "freeze"));
        assertThat(frozen.frozen()).containsExactly("");
        ElementGlobalState global = (ElementGlobalState) call(channel, request("new", "global"));
        assertThat(global.pool()).containsKey("192.0.2.1");
        assertThat(global.pool().get("192.0.2.1").portsUsed()).isEqualTo(1);
        assertThat(global.stateChangesOnlyByExpiry()).isTrue();
        assertThat(global.gate()).isEqualTo(frozen);
        assertThat(global.connections()).isNull();
    }

    /** Sends {@code request} as its struct, as pm_flows does, and reads the PM's answer through the records. */
    private static Object call(LocalControlChannel channel, PmFlowsRequest request) {
        return channel.call(request);
    }
}
