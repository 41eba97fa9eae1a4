package org.flowstream.openflow.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;

/** Dispatch alone, in an EmbeddedChannel: announces the switch, keeps its ports, routes replies, reports the close. */
class SwitchDispatchHandlerTest {

    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);

    private final List<String> heard = new ArrayList<>();
    private final SwitchListener listener = new SwitchListener() {
        @Override
        public void switchConnected(SwitchConnection connection) {
            heard.add("connected " + connection.name());
        }

        @Override
        public void switchDisconnected(SwitchConnection connection) {
            heard.add("disconnected " + connection.name());
        }

        @Override
        public void portChanged(SwitchConnection connection, OFPortStatus status) {
            heard.add("port " + status.getDesc().getName());
        }
    };
    private final EmbeddedChannel channel =
            new EmbeddedChannel(new SwitchDispatchHandler(listener, () -> heard.add("ready")));

    @Test
    void nothingReachesTheDaemonBeforeTheHandshake() {
        channel.writeInbound(portStatus(OFPortReason.ADD, 4, "p4"));
        assertThat(heard).isEmpty();
    }

    @Test
    void announcesTheSwitchKeepsItsPortsRoutesRepliesAndReportsTheClose() {
        SwitchConnection connection = new SwitchConnection(channel, "test");
        connection.handshakeDone(OF13, DatapathId.of(9), List.of());
        channel.pipeline().fireUserEventTriggered(new HandshakeDone(connection));
        assertThat(heard).containsExactly("ready", "connected " + DatapathId.of(9));

        channel.writeInbound(portStatus(OFPortReason.ADD, 4, "p4"));
        assertThat(connection.ports()).containsKey(4);
        channel.writeInbound(portStatus(OFPortReason.DELETE, 4, "p4"));
        assertThat(connection.ports()).doesNotContainKey(4);
        assertThat(heard).endsWith("port p4", "port p4");

        long xid = connection.nextXid();
        CompletableFuture<OFMessage> answer =
                connection.request(OF13.buildEchoRequest().setXid(xid).build());
        CompletableFuture<OFMessage> unanswered = connection.request(
                OF13.buildBarrierRequest().setXid(connection.nextXid()).build());
        channel.writeInbound(OF13.buildEchoReply().setXid(xid).build());
        assertThat(answer).isCompleted();

        channel.close();
        assertThat(heard).last().isEqualTo("disconnected " + DatapathId.of(9));
        assertThat(unanswered).isCompletedExceptionally();
    }

    private static OFPortStatus portStatus(OFPortReason reason, int number, String name) {
        return OF13.buildPortStatus()
                .setReason(reason)
                .setDesc(OF13.buildPortDesc()
                        .setPortNo(OFPort.of(number))
                        .setName(name)
                        .setHwAddr(MacAddress.of(number))
                        .build())
                .build();
    }
}
