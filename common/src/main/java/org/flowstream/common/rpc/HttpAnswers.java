package org.flowstream.common.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The front door's plain-text HTTP answers (refusals, time-outs, overload). The reason phrase itself says what
 * happened, because some clients (Python's xmlrpc.client) show only the status line: "401 wrong user or password".
 */
final class HttpAnswers {

    private HttpAnswers() {}

    static FullHttpResponse text(int code, String reason, String text) {
        ByteBuf body = Unpooled.copiedBuffer(text + "\n", StandardCharsets.UTF_8);
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, new HttpResponseStatus(code, reason), body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return response;
    }

    /** Every worker is busy and the queue is full. */
    static FullHttpResponse busy() {
        return text(
                503,
                "server busy",
                "request refused: every worker is busy and the queue is full (server.threads, server.backlog); try again shortly");
    }

    /** Writes a last answer on this connection; the caller closes it when the future completes (or later). */
    static ChannelFuture lastAnswer(ChannelHandlerContext ctx, FullHttpResponse response) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return ctx.writeAndFlush(response);
    }

    /** Writes a last answer and closes the connection once it is out. */
    static void answerAndClose(ChannelHandlerContext ctx, FullHttpResponse response) {
        lastAnswer(ctx, response).addListener(ChannelFutureListener.CLOSE);
    }
}
