package org.flowstream.openflow.channel;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloElem;
import org.projectfloodlight.openflow.protocol.OFHelloElemVersionbitmap;
import org.projectfloodlight.openflow.protocol.OFHelloFailedCode;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.U32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenFlow handshake of one connection. HELLO carries a version bitmap offering 1.0 and 1.3; the highest
 * version both sides speak wins. Then FEATURES (datapath id; ports in 1.0) and, in 1.3, a PORT_DESC request for
 * the ports. When the switch is known it fires {@link HandshakeDone} and leaves the pipeline: from then on every
 * message goes past it to the handlers behind. A peer that does not finish within the time limit is closed.
 */
final class HandshakeHandler extends SimpleChannelInboundHandler<OFMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(HandshakeHandler.class);

    /** Versions we speak, best first. */
    static final List<OFVersion> SUPPORTED = List.of(OFVersion.OF_13, OFVersion.OF_10);

    static final Duration TIME_LIMIT = Duration.ofSeconds(15);
    static final long HELLO_XID = 1, FEATURES_XID = 2, PORT_DESC_XID = 3;

    private enum Step {
        WAIT_HELLO,
        WAIT_FEATURES,
        WAIT_PORT_DESC,
        DONE
    }

    private Step step = Step.WAIT_HELLO;
    private OFFactory factory;
    private OFFeaturesReply features;
    private final List<PortInfo> ports = new ArrayList<>();

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(hello());
        ctx.executor()
                .schedule(
                        () -> {
                            if (step != Step.DONE && ctx.channel().isOpen()) {
                                fail(ctx, "no OpenFlow handshake within " + TIME_LIMIT.toSeconds() + " s");
                            }
                        },
                        TIME_LIMIT.toMillis(),
                        TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    /** HELLO in 1.3 with a bitmap of every version we speak, so a 1.0 switch can still agree on 1.0. */
    static OFHello hello() {
        OFFactory of13 = OFFactories.getFactory(OFVersion.OF_13);
        long bitmap = 0;
        for (OFVersion v : SUPPORTED) {
            bitmap |= 1L << v.getWireVersion();
        }
        OFHelloElem elem = of13.buildHelloElemVersionbitmap()
                .setBitmaps(List.of(U32.of(bitmap)))
                .build();
        return of13.buildHello().setXid(HELLO_XID).setElements(List.of(elem)).build();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, OFMessage msg) {
        switch (step) {
            case WAIT_HELLO -> onHello(ctx, msg);
            case WAIT_FEATURES -> onFeatures(ctx, msg);
            case WAIT_PORT_DESC -> onPortDesc(ctx, msg);
            case DONE -> {} // removed from the pipeline; a message already in flight to us is stale
        }
    }

    private void onHello(ChannelHandlerContext ctx, OFMessage msg) {
        if (!(msg instanceof OFHello hello)) {
            fail(ctx, "expected HELLO, got " + msg.getType());
            return;
        }
        OFVersion chosen = negotiate(hello);
        if (chosen == null) {
            ctx.writeAndFlush(OFFactories.getFactory(OFVersion.OF_13)
                    .errorMsgs()
                    .buildHelloFailedErrorMsg()
                    .setCode(OFHelloFailedCode.INCOMPATIBLE)
                    .build());
            fail(ctx, "the switch speaks none of OpenFlow 1.0 and 1.3 (it offered " + hello.getVersion() + ")");
            return;
        }
        factory = OFFactories.getFactory(chosen);
        step = Step.WAIT_FEATURES;
        ctx.writeAndFlush(factory.buildFeaturesRequest().setXid(FEATURES_XID).build());
    }

    /** The highest common version: from the bitmap when the switch sent one, else the lower of the two versions. */
    static OFVersion negotiate(OFHello hello) {
        // HELLO elements (and the version bitmap) exist from 1.3 on; Loxi refuses to read them in older hellos.
        List<OFHelloElem> elements = hello.getVersion().getWireVersion() >= OFVersion.OF_13.getWireVersion()
                ? hello.getElements()
                : List.of();
        for (OFHelloElem elem : elements) {
            if (elem instanceof OFHelloElemVersionbitmap bitmapElem
                    && !bitmapElem.getBitmaps().isEmpty()) {
                long bits = bitmapElem.getBitmaps().get(0).getValue();
                for (OFVersion v : SUPPORTED) {
                    if ((bits & (1L << v.getWireVersion())) != 0) {
                        return v;
                    }
                }
                return null;
            }
        }
        int theirs = hello.getVersion().getWireVersion();
        for (OFVersion v : SUPPORTED) {
            if (v.getWireVersion() <= theirs) {
                // Without a bitmap the agreed version is the lower one; 1.1 and 1.2 we do not speak.
                return v.getWireVersion() == Math.min(theirs, OFVersion.OF_13.getWireVersion()) ? v : null;
            }
        }
        return null;
    }

    private void onFeatures(ChannelHandlerContext ctx, OFMessage msg) {
        if (msg instanceof OFErrorMsg error) {
            fail(ctx, "the switch refused the features request: " + SwitchConnection.describe(error));
            return;
        }
        if (!(msg instanceof OFFeaturesReply reply)) {
            LOG.debug("ignoring {} before the features reply", msg.getType());
            return;
        }
        features = reply;
        if (factory.getVersion() == OFVersion.OF_10) {
            reply.getPorts().forEach(p -> ports.add(PortInfo.of(p)));
            done(ctx);
        } else {
            step = Step.WAIT_PORT_DESC;
            ctx.writeAndFlush(
                    factory.buildPortDescStatsRequest().setXid(PORT_DESC_XID).build());
        }
    }

    private void onPortDesc(ChannelHandlerContext ctx, OFMessage msg) {
        if (msg instanceof OFErrorMsg error) {
            fail(ctx, "the switch refused the port description request: " + SwitchConnection.describe(error));
            return;
        }
        if (!(msg instanceof OFPortDescStatsReply reply)) {
            LOG.debug("ignoring {} before the port description", msg.getType());
            return;
        }
        reply.getEntries().forEach(d -> ports.add(PortInfo.of(d)));
        if (!reply.getFlags().contains(OFStatsReplyFlags.REPLY_MORE)) {
            done(ctx);
        }
    }

    private void done(ChannelHandlerContext ctx) {
        step = Step.DONE;
        SwitchConnection connection =
                new SwitchConnection(ctx.channel(), String.valueOf(ctx.channel().remoteAddress()));
        connection.handshakeDone(factory, features.getDatapathId(), ports);
        ctx.pipeline().remove(this);
        // From the head, so every handler (the keep-alive in front of us too) learns the switch.
        ctx.pipeline().fireUserEventTriggered(new HandshakeDone(connection));
    }

    private void fail(ChannelHandlerContext ctx, String why) {
        LOG.warn("{}: {}; closing the connection", ctx.channel().remoteAddress(), why);
        ctx.close();
    }
}
