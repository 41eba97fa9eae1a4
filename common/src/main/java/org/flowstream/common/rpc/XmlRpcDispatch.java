package org.flowstream.common.rpc;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayInputStream;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.xmlrpc.XmlRpcException;
import org.flowstream.common.auth.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a complete, admitted request through the hardened XML-RPC server on the worker pool (never on the I/O
 * threads, which only move bytes) and writes its answer. The connection reads nothing more until the answer is
 * out, so answers leave in the order requests came.
 */
@ChannelHandler.Sharable
final class XmlRpcDispatch extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(XmlRpcDispatch.class);

    private final HardenedXmlRpcServer xmlRpc;
    private final Executor workers;

    XmlRpcDispatch(HardenedXmlRpcServer xmlRpc, Executor workers) {
        this.xmlRpc = xmlRpc;
        this.workers = workers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        Caller caller = ctx.channel().attr(RequestGate.CALLER).get();
        byte[] body = ByteBufUtil.getBytes(request.content());
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        ctx.channel().config().setAutoRead(false);
        try {
            workers.execute(() -> answer(ctx, caller, body, keepAlive));
        } catch (RejectedExecutionException e) {
            HttpAnswers.answerAndClose(ctx, HttpAnswers.busy());
        }
    }

    /**
     * Anything that went wrong on a connection ends here: a client that vanished mid-request, a broken TLS
     * handshake. Such things are the client's business, logged at debug so that nobody can flood the log.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("closing the connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private void answer(ChannelHandlerContext ctx, Caller caller, byte[] body, boolean keepAlive) {
        FullHttpResponse response;
        try {
            HardenedXmlRpcServer.BufferedExchange exchange =
                    new HardenedXmlRpcServer.BufferedExchange(new ByteArrayInputStream(body));
            xmlRpc.execute(new CallerRequestConfig(caller), exchange);
            response = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(exchange.responseBody()));
            response.headers().set(exchange.responseHeaders());
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/xml; charset=UTF-8");
            response.headers()
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        } catch (XmlRpcException | RuntimeException e) {
            LOG.warn("an XML-RPC request could not be answered", e);
            response = HttpAnswers.text(
                    500, "internal error", "request failed inside the daemon; its log has the details");
            keepAlive = false;
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        boolean keep = keepAlive;
        ctx.writeAndFlush(response).addListener(written -> {
            if (keep && written.isSuccess()) {
                ctx.channel().config().setAutoRead(true);
            } else {
                ctx.close();
            }
        });
    }
}
