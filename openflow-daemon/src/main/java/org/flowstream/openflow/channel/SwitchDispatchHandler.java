package org.flowstream.openflow.channel;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a switch's pipeline: once the handshake is done, tells the daemon that the switch came
 * (and, when the channel closes, went), keeps its port map current from PORT_STATUS, and hands replies and
 * errors to the {@link SwitchConnection}, which matches them to the requests in flight.
 */
final class SwitchDispatchHandler extends SimpleChannelInboundHandler<OFMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(SwitchDispatchHandler.class);

    private final SwitchListener listener;
    private final Runnable onReady;
    private SwitchConnection connection;

    /** @param onReady run when a switch is known (an outgoing connection resets its backoff) */
    SwitchDispatchHandler(SwitchListener listener, Runnable onReady) {
        this.listener = listener;
        this.onReady = onReady;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof HandshakeDone done) {
            connection = done.connection();
            LOG.info("{} connected", connection);
            onReady.run();
            listener.switchConnected(connection);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, OFMessage msg) {
        if (connection == null) {
            LOG.debug(
                    "{}: {} before the handshake finished, ignored",
                    ctx.channel().remoteAddress(),
                    msg.getType());
            return;
        }
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

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (connection != null) {
            connection.closed();
            LOG.info("{} disconnected", connection);
            listener.switchDisconnected(connection);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("{}: {}; closing", connection == null ? ctx.channel() : connection, cause.toString());
        ctx.close();
    }
}
