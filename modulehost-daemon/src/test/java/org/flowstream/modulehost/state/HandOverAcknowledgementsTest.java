package org.flowstream.modulehost.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.flowstream.modulehost.elements.IPRewriter;
import org.flowstream.modulehost.runtime.ElementRegistry;
import org.flowstream.modulehost.runtime.FakeDevices;
import org.flowstream.modulehost.runtime.GraphParser;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.PmGraph;
import org.junit.jupiter.api.Test;

/**
 * The old instance's hand-over waits until the new instance has acknowledged every packet of the filter it was
 * daisy-chained: the new one stops taking daisy-chained packets after the move, so one still on its way (a stalled
 * receive thread on a busy machine) would be lost. The same with real PMs: GroupLoadScaleTest.
 */
class HandOverAcknowledgementsTest {

    private static final FlowFilter MOVING = FlowFilter.parse("protocol udp inside 10.0.0.0/24");

    /** A daisy link to another PM: what it forwards must be acknowledged. */
    private static final class WireLink implements FlowGate.DaisyLink {
        final List<Integer> sequences = new CopyOnWriteArrayList<>();

        @Override
        public void forward(int port, Packet packet, int sequence) {
            sequences.add(sequence);
        }

        @Override
        public boolean needsAcknowledgements() {
            return true;
        }
    }

    private static IPRewriter nat() throws Exception {
        PmGraph g = PmGraph.build(
                GraphParser.parse(
                        "nat :: IPRewriter(EXTERNAL 192.0.2.1); nat[0] -> ToDevice(out); nat[1] -> ToDevice(in)"),
                new ElementRegistry(null),
                new FakeDevices().context());
        return (IPRewriter) g.elements().get("nat");
    }

    private static CompletableFuture<List<FlowGate.HeldPacket>> handOver(IPRewriter from) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return from.gate().handOver(MOVING, 1);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void theHandOverWaitsForTheAcknowledgementOfEveryDaisyChainedPacket() throws Exception {
        IPRewriter from = nat();
        WireLink link = new WireLink();
        from.gate().linkTo(link);
        from.gate().daisyChain(MOVING);
        from.push(0, FakeDevices.ipv4(Packet.PROTO_UDP, "10.0.0.1", 1000, "203.0.113.9", 53, 10));
        from.push(0, FakeDevices.ipv4(Packet.PROTO_UDP, "10.0.0.2", 1000, "203.0.113.9", 53, 10));
        assertThat(link.sequences).containsExactly(0, 1);

        CompletableFuture<List<FlowGate.HeldPacket>> handing = handOver(from);
        from.gate().acknowledged(new int[] {0});
        Thread.sleep(100);
        assertThat(handing).isNotDone(); // packet 1 may still be on its way to the new instance
        from.gate().acknowledged(new int[] {1});
        assertThat(handing.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(from.gate().stats())
                .containsEntry("daisy_unacknowledged", 0)
                .containsEntry("daisy_acknowledged", 2L)
                .containsEntry("daisy_chained", List.of());
    }

    @Test
    void aNewInstanceThatNeverAcknowledgesDoesNotStopTheMove() throws Exception {
        IPRewriter from = nat();
        from.gate().linkTo(new WireLink());
        from.gate().daisyChain(MOVING);
        from.push(0, FakeDevices.ipv4(Packet.PROTO_UDP, "10.0.0.1", 1000, "203.0.113.9", 53, 10));
        assertThat(handOver(from).get(30, TimeUnit.SECONDS)).isEmpty();
        assertThat(from.gate().stats())
                .containsEntry("daisy_unacknowledged", 0)
                .containsEntry("daisy_acknowledged", 0L);
    }
}
