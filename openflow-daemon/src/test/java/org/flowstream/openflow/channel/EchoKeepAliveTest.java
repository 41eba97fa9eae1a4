package org.flowstream.openflow.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;

/** The keep-alive alone, in an EmbeddedChannel: answers echoes, probes a quiet switch once, closes a silent one. */
class EchoKeepAliveTest {

    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);

    private final EmbeddedChannel channel = new EmbeddedChannel(new EchoKeepAlive());

    @Test
    void answersAnEchoRequestWithItsXidAndDataAndPassesOtherMessagesOn() {
        OFFactory of10 = OFFactories.getFactory(OFVersion.OF_10);
        channel.writeInbound(
                of10.buildEchoRequest().setXid(77).setData(new byte[] {1, 2, 3}).build());
        OFEchoReply reply = channel.readOutbound();
        assertThat(reply.getXid()).isEqualTo(77);
        assertThat(reply.getData()).containsExactly(1, 2, 3);
        assertThat(reply.getVersion()).as("in the version it was asked in").isEqualTo(OFVersion.OF_10);
        assertThat((Object) channel.readInbound()).as("an echo stops here").isNull();

        OFMessage other = OF13.buildBarrierReply().setXid(5).build();
        channel.writeInbound(other);
        assertThat((Object) channel.readInbound()).isSameAs(other);
    }

    @Test
    void probesAQuietSwitchOnceUntilItAnswers() {
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertThat((Object) channel.readOutbound())
                .as("no probe before the switch is known")
                .isNull();

        channel.pipeline().fireUserEventTriggered(new HandshakeDone(knownSwitch()));
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        OFEchoRequest probe = channel.readOutbound();
        assertThat(probe.getVersion()).isEqualTo(OFVersion.OF_13);

        channel.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertThat((Object) channel.readOutbound())
                .as("one probe outstanding at a time")
                .isNull();

        channel.writeInbound(OF13.buildEchoReply().setXid(probe.getXid()).build());
        assertThat((Object) channel.readInbound()).isNull();
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertThat(((OFMessage) channel.readOutbound()).getXid()).isNotEqualTo(probe.getXid());
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void closesASwitchThatStaysSilentPastTheReaderTimeout() {
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertThat(channel.isOpen()).isFalse();
    }

    private SwitchConnection knownSwitch() {
        SwitchConnection connection = new SwitchConnection(channel, "test");
        connection.handshakeDone(OF13, DatapathId.of(1), List.of());
        return connection;
    }
}
