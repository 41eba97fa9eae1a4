package org.flowstream.openflow.channel;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloElem;
import org.projectfloodlight.openflow.protocol.OFHelloElemVersionbitmap;
import org.projectfloodlight.openflow.protocol.OFHelloFailedCode;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.U32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenFlow handshake and keep-alive for one connection. HELLO carries a version bitmap offering 1.0 and
 * 1.3; the highest version both sides speak wins. Then FEATURES (datapath id; ports in 1.0) and, in 1.3, a
 * PORT_DESC request for the ports. After that, replies and errors go to the {@link SwitchConnection}, port
 * status updates its port map, echo requests are answered, and an idle connection is probed with echoes and
 * closed when the switch stays silent.
 */
final class SwitchChannelHandler extends SimpleChannelInboundHandler<OFMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(SwitchChannelHandler.class);
    /** Versions we speak, best first. */
    static final List<OFVersion> SUPPORTED = List.of(OFVersion.OF_13, OFVersion.OF_10);

    private static final long HELLO_XID = 1, FEATURES_XID = 2, PORT_DESC_XID = 3;

    private enum State {
        WAIT_HELLO,
        WAIT_FEATURES,
        WAIT_PORT_DESC,
        READY,
        CLOSED
    }

    private final SwitchListener listener;
    private final Runnable onReady;
    private SwitchConnection connection;
    private State state = State.WAIT_HELLO;
    private OFFactory factory;
    private OFFeaturesReply features;
    private boolean echoOutstanding;

    SwitchChannelHandler(SwitchListener listener, Runnable onReady) {
        this.listener = listener;
        this.onReady = onReady;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection =
                new SwitchConnection(ctx.channel(), String.valueOf(ctx.channel().remoteAddress()));
        OFFactory of13 = OFFactories.getFactory(OFVersion.OF_13);
        long bitmap = 0;
        for (OFVersion v : SUPPORTED) {
            bitmap |= 1L << v.getWireVersion();
        }
        OFHelloElem elem = of13.buildHelloElemVersionbitmap()
                .setBitmaps(List.of(U32.of(bitmap)))
                .build();
        ctx.writeAndFlush(
                of13.buildHello().setXid(HELLO_XID).setElements(List.of(elem)).build());
        // A peer that never finishes the handshake must not hold the connection forever.
        ctx.executor()
                .schedule(
                        () -> {
                            if (state != State.READY && state != State.CLOSED) {
                                LOG.warn(
                                        "{}: no OpenFlow handshake within 15 s, closing",
                                        ctx.channel().remoteAddress());
                                ctx.close();
                            }
                        },
                        15,
                        TimeUnit.SECONDS);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, OFMessage msg) {
        if (msg.getType() == OFType.ECHO_REQUEST) {
            OFEchoRequest echo = (OFEchoRequest) msg;
            ctx.writeAndFlush(OFFactories.getFactory(msg.getVersion())
                    .buildEchoReply()
                    .setXid(echo.getXid())
                    .setData(echo.getData())
                    .build());
            return;
        }
        if (msg.getType() == OFType.ECHO_REPLY) {
            echoOutstanding = false;
            return;
        }
        switch (state) {
            case WAIT_HELLO -> onHello(ctx, msg);
            case WAIT_FEATURES -> onFeatures(ctx, msg);
            case WAIT_PORT_DESC -> onPortDesc(ctx, msg);
            case READY -> onMessage(msg);
            case CLOSED -> {}
        }
    }

    private void onHello(ChannelHandlerContext ctx, OFMessage msg) {
        if (!(msg instanceof OFHello hello)) {
            fail(ctx, "expected HELLO, got " + msg.getType());
            return;
        }
        OFVersion chosen = negotiate(hello);
        if (chosen == null) {
            OFFactory f = OFFactories.getFactory(OFVersion.OF_13);
            ctx.writeAndFlush(f.errorMsgs()
                    .buildHelloFailedErrorMsg()
                    .setCode(OFHelloFailedCode.INCOMPATIBLE)
                    .build());
            fail(ctx, "the switch speaks none of OpenFlow 1.0 and 1.3 (it offered " + hello.getVersion() + ")");
            return;
        }
        factory = OFFactories.getFactory(chosen);
        state = State.WAIT_FEATURES;
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
            List<PortInfo> ports = reply.getPorts().stream().map(PortInfo::of).toList();
            ready(ctx, ports);
        } else {
            state = State.WAIT_PORT_DESC;
            ctx.writeAndFlush(
                    factory.buildPortDescStatsRequest().setXid(PORT_DESC_XID).build());
        }
    }

    private final List<PortInfo> portParts = new ArrayList<>();

    private void onPortDesc(ChannelHandlerContext ctx, OFMessage msg) {
        if (msg instanceof OFErrorMsg error) {
            fail(ctx, "the switch refused the port description request: " + SwitchConnection.describe(error));
            return;
        }
        if (!(msg instanceof OFPortDescStatsReply reply)) {
            LOG.debug("ignoring {} before the port description", msg.getType());
            return;
        }
        reply.getEntries().forEach(d -> portParts.add(PortInfo.of(d)));
        if (!reply.getFlags().contains(org.projectfloodlight.openflow.protocol.OFStatsReplyFlags.REPLY_MORE)) {
            ready(ctx, portParts);
        }
    }

    private void ready(ChannelHandlerContext ctx, List<PortInfo> ports) {
        connection.handshakeDone(factory, features.getDatapathId(), ports);
        state = State.READY;
        LOG.info("{} connected", connection);
        onReady.run();
        listener.switchConnected(connection);
    }

    private void onMessage(OFMessage msg) {
        if (msg instanceof OFPortStatus status) {
            connection.portChanged(PortInfo.of(status.getDesc()), status.getReason() == OFPortReason.DELETE);
            listener.portChanged(connection, status);
            return;
        }
        if (msg instanceof OFPacketIn) {
            return; // we install proactive rules only; a miss is not ours to decide
        }
        if (!connection.dispatch(msg)) {
            LOG.debug("{}: unsolicited {}", connection.name(), msg.getType());
        }
    }

    private void fail(ChannelHandlerContext ctx, String why) {
        LOG.warn("{}: {}; closing the connection", ctx.channel().remoteAddress(), why);
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.READER_IDLE) {
                LOG.warn(
                        "{}: silent for too long (no echo reply), closing",
                        connection == null ? ctx.channel() : connection);
                ctx.close();
            } else if (idle.state() == IdleState.ALL_IDLE && factory != null && !echoOutstanding) {
                echoOutstanding = true;
                ctx.writeAndFlush(
                        factory.buildEchoRequest().setXid(connection.nextXid()).build());
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        State was = state;
        state = State.CLOSED;
        if (connection != null) {
            connection.closed();
            if (was == State.READY) {
                LOG.info("{} disconnected", connection);
                listener.switchDisconnected(connection);
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("{}: {}; closing", connection == null ? ctx.channel() : connection, cause.toString());
        ctx.close();
    }
}
