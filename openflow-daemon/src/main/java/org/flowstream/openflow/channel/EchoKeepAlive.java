package org.flowstream.openflow.channel;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenFlow's keep-alive, behind Netty's IdleStateHandler: answers the switch's echo requests (during the handshake
 * too), probes a quiet connection with an echo request once the switch is known, and closes a connection that
 * stays silent past the reader timeout. Echo messages stop here; everything else passes on.
 */
final class EchoKeepAlive extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(EchoKeepAlive.class);

    private SwitchConnection connection;
    private boolean echoOutstanding;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof OFMessage message && message.getType() == OFType.ECHO_REQUEST) {
            OFEchoRequest echo = (OFEchoRequest) message;
            ctx.writeAndFlush(OFFactories.getFactory(echo.getVersion())
                    .buildEchoReply()
                    .setXid(echo.getXid())
                    .setData(echo.getData())
                    .build());
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof OFMessage message && message.getType() == OFType.ECHO_REPLY) {
            echoOutstanding = false;
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof HandshakeDone done) {
            connection = done.connection();
        } else if (evt instanceof IdleStateEvent idle) {
            onIdle(ctx, idle.state());
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void onIdle(ChannelHandlerContext ctx, IdleState idle) {
        if (idle == IdleState.READER_IDLE) {
            LOG.warn(
                    "{}: silent for too long (no echo reply), closing",
                    connection == null ? ctx.channel() : connection);
            ctx.close();
        } else if (idle == IdleState.ALL_IDLE && connection != null && !echoOutstanding) {
            echoOutstanding = true;
            ctx.writeAndFlush(connection
                    .factory()
                    .buildEchoRequest()
                    .setXid(connection.nextXid())
                    .build());
        }
    }
}
