package org.flowstream.openflow.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloElemVersionbitmap;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U32;

/** The handshake alone, in an EmbeddedChannel: HELLO, FEATURES and (1.3) PORT_DESC, then it leaves the pipeline. */
class HandshakeHandlerTest {

    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    private static final OFFactory OF10 = OFFactories.getFactory(OFVersion.OF_10);

    private final EventRecorder recorder = new EventRecorder();
    private final EmbeddedChannel channel = new EmbeddedChannel(new HandshakeHandler(), recorder);

    @Test
    void anOpenFlow13SwitchIsKnownAfterFeaturesAndPortDescriptions() {
        OFHello hello = channel.readOutbound();
        assertThat(hello.getElements())
                .singleElement()
                .isInstanceOfSatisfying(
                        OFHelloElemVersionbitmap.class,
                        b -> assertThat(b.getBitmaps().get(0).getValue()).isEqualTo((1L << 4) | (1L << 1)));

        channel.writeInbound(OF13.buildHello().setElements(List.of(bitmap(4))).build());
        assertThat(((OFMessage) channel.readOutbound()).getType()).isEqualTo(OFType.FEATURES_REQUEST);
        channel.writeInbound(OF13.buildFeaturesReply()
                .setXid(HandshakeHandler.FEATURES_XID)
                .setDatapathId(DatapathId.of(42))
                .build());
        OFMessage portDesc = channel.readOutbound();
        assertThat(portDesc.getType()).isEqualTo(OFType.STATS_REQUEST);
        assertThat(recorder.handshake())
                .as("not done before the last port description")
                .isNull();

        // the port list in two parts, as a switch with many ports sends it
        channel.writeInbound(OF13.buildPortDescStatsReply()
                .setXid(portDesc.getXid())
                .setFlags(Set.of(OFStatsReplyFlags.REPLY_MORE))
                .setEntries(List.of(port(OF13, 1, "p1")))
                .build());
        assertThat(recorder.handshake()).isNull();
        channel.writeInbound(OF13.buildPortDescStatsReply()
                .setXid(portDesc.getXid())
                .setEntries(List.of(port(OF13, PortInfo.LOCAL, "br0")))
                .build());

        SwitchConnection connection = recorder.handshake().connection();
        assertThat(connection.version()).isEqualTo(OFVersion.OF_13);
        assertThat(connection.dpid()).isEqualTo(DatapathId.of(42));
        assertThat(connection.name()).isEqualTo("br0");
        assertThat(connection.ports()).containsOnlyKeys(1, PortInfo.LOCAL);
        assertThat(channel.pipeline().get(HandshakeHandler.class))
                .as("left the pipeline")
                .isNull();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void anOpenFlow10SwitchWithoutABitmapGetsItsPortsFromFeatures() {
        channel.readOutbound();
        channel.writeInbound(OF10.buildHello().build());
        OFMessage featuresRequest = channel.readOutbound();
        assertThat(featuresRequest.getVersion()).isEqualTo(OFVersion.OF_10);
        channel.writeInbound(OF10.buildFeaturesReply()
                .setXid(featuresRequest.getXid())
                .setDatapathId(DatapathId.of(7))
                .setPorts(List.of(port(OF10, 3, "p3")))
                .build());
        SwitchConnection connection = recorder.handshake().connection();
        assertThat(connection.version()).isEqualTo(OFVersion.OF_10);
        assertThat(connection.name())
                .as("no LOCAL port: named by its datapath id")
                .isEqualTo(DatapathId.of(7).toString());
        assertThat(connection.ports()).containsOnlyKeys(3);
    }

    @Test
    void aSwitchThatSpeaksNoVersionOfOursIsToldSoAndClosed() {
        channel.readOutbound();
        channel.writeInbound(OF13.buildHello().setElements(List.of(bitmap(2))).build()); // 1.1 only
        OFErrorMsg refusal = channel.readOutbound();
        assertThat(refusal.getErrType().toString()).isEqualTo("HELLO_FAILED");
        assertThat(channel.isOpen()).isFalse();
        assertThat(recorder.handshake()).isNull();
    }

    @Test
    void aPeerThatDoesNotStartWithHelloIsClosed() {
        channel.readOutbound();
        channel.writeInbound(
                OF13.buildFeaturesReply().setDatapathId(DatapathId.of(1)).build());
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aPeerThatNeverFinishesIsClosedAfterTheTimeLimit() throws Exception {
        // the channel's clock stands still from before the handshake starts, so the limit is exact
        EmbeddedChannel channel = new EmbeddedChannel(false, false, new HandshakeHandler());
        channel.freezeTime();
        channel.register();
        channel.readOutbound();
        channel.writeInbound(OF13.buildHello().setElements(List.of(bitmap(4))).build());
        channel.advanceTimeBy(HandshakeHandler.TIME_LIMIT.toMillis() - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    private static OFHelloElemVersionbitmap bitmap(int wireVersion) {
        return OF13.buildHelloElemVersionbitmap()
                .setBitmaps(List.of(U32.of(1L << wireVersion)))
                .build();
    }

    private static OFPortDesc port(OFFactory factory, int number, String name) {
        return factory.buildPortDesc()
                .setPortNo(OFPort.of(number))
                .setName(name)
                .setHwAddr(MacAddress.of(number & 0xff))
                .build();
    }
}
