package org.flowstream.common.rpc;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.util.Optional;
import org.flowstream.common.auth.BasicAuthenticator;
import org.flowstream.common.auth.Caller;

/**
 * Decides from a request's line and headers alone whether its body is worth reading: a POST, valid HTTP basic
 * credentials, a declared length within {@code server.maxRequestBytes}; then counts a chunked body as it comes
 * against the same limit. A refused request is answered at once; what is left of its body is read and dropped
 * (bounded by the body deadline) so that the client gets to read the answer instead of a connection reset,
 * then the connection is closed.
 */
final class RequestGate extends ChannelInboundHandlerAdapter {

    /** The authenticated caller of the connection's current request. */
    static final AttributeKey<Caller> CALLER = AttributeKey.valueOf("flowstream.caller");

    private final BasicAuthenticator authenticator;
    private final ConnectionLimits limits;
    private final String realm;
    private final int maxRequestBytes;
    /** Set once the current request was refused: the rest of it is dropped and the connection then closed. */
    private ChannelFuture refusal;
    private long bodyBytes;

    RequestGate(BasicAuthenticator authenticator, ConnectionLimits limits, String realm, int maxRequestBytes) {
        this.authenticator = authenticator;
        this.limits = limits;
        this.realm = realm;
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof HttpRequest request) {
            bodyBytes = 0;
            refusal = refusalOf(ctx, request).map(answer -> HttpAnswers.lastAnswer(ctx, answer)).orElse(null);
        }
        if (refusal == null && message instanceof HttpContent content) {
            bodyBytes += content.content().readableBytes();
            if (bodyBytes > maxRequestBytes) {
                refusal = HttpAnswers.lastAnswer(ctx, tooLarge());
            }
        }
        if (refusal == null) {
            ctx.fireChannelRead(message);
            return;
        }
        if (message instanceof LastHttpContent) {
            refusal.addListener(ChannelFutureListener.CLOSE);
        }
        ReferenceCountUtil.release(message);
    }

    /** Why this request is refused before its body is read, as the answer to send; empty when it may go on. */
    private Optional<FullHttpResponse> refusalOf(ChannelHandlerContext ctx, HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return Optional.of(request.decoderResult().cause() instanceof TooLongFrameException
                    ? HttpAnswers.text(431, "request headers too large", "request refused: the request line or headers are too long")
                    : HttpAnswers.text(400, "bad request", "request refused: this is not a well-formed HTTP/1.1 request"));
        }
        if (!HttpMethod.POST.equals(request.method())) {
            FullHttpResponse answer = HttpAnswers.text(405, "method not allowed", "XML-RPC wants POST requests");
            answer.headers().set(HttpHeaderNames.ALLOW, "POST");
            return Optional.of(answer);
        }
        Optional<Caller> caller = authenticator.authenticate(request.headers().get(HttpHeaderNames.AUTHORIZATION));
        if (caller.isEmpty()) {
            FullHttpResponse answer = HttpAnswers.text(401, "wrong user or password",
                    "request refused: wrong user or password (HTTP basic credentials are required)");
            answer.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
            return Optional.of(answer);
        }
        if (HttpUtil.getContentLength(request, -1L) > maxRequestBytes) {
            return Optional.of(tooLarge());
        }
        ctx.channel().attr(CALLER).set(caller.get());
        limits.authenticated(ctx.channel());
        return Optional.empty();
    }

    private FullHttpResponse tooLarge() {
        return HttpAnswers.text(413, "request body too large",
                "request refused: the body is larger than the %d bytes this daemon accepts (server.maxRequestBytes)".formatted(maxRequestBytes));
    }
}
