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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.flowstream.common.auth.BasicAuthenticator;
import org.flowstream.common.auth.Caller;

/**
 * Decides from a request's line and headers alone whether its body is worth reading: a POST, a declared length
 * within {@code server.maxRequestBytes}, valid HTTP basic credentials; then counts a chunked body as it comes
 * against the same limit. A refused request is answered at once; what is left of its body is read and dropped
 * (bounded by the body deadline) so that the client gets to read the answer instead of a connection reset,
 * then the connection is closed.
 *
 * <p>Credentials are checked on the worker pool, not on the I/O thread: checking a password hash is meant to be
 * slow, and a stranger guessing passwords must not stop the bytes of every other connection. The connection reads
 * nothing more meanwhile; what was already read waits in {@link #held}.
 */
final class RequestGate extends ChannelInboundHandlerAdapter {

    /** The authenticated caller of the connection's current request. */
    static final AttributeKey<Caller> CALLER = AttributeKey.valueOf("flowstream.caller");

    private final BasicAuthenticator authenticator;
    private final ConnectionLimits limits;
    private final Executor workers;
    private final String realm;
    private final int maxRequestBytes;
    /**
     * Set once a request was refused: the rest of it, and anything sent after it, is dropped and the connection
     * closed; never reset, since a refused connection serves no further request.
     */
    private ChannelFuture refusal;
    /** The request and what followed it while its credentials are being checked; null otherwise. */
    private List<Object> held;

    private long bodyBytes;

    RequestGate(
            BasicAuthenticator authenticator,
            ConnectionLimits limits,
            Executor workers,
            String realm,
            int maxRequestBytes) {
        this.authenticator = authenticator;
        this.limits = limits;
        this.workers = workers;
        this.realm = realm;
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (held != null) {
            held.add(message);
            return;
        }
        if (message instanceof HttpRequest request) {
            bodyBytes = 0;
            Optional<FullHttpResponse> refused = refusalFromTheRequestLine(request);
            if (refused.isEmpty()) {
                checkCredentials(ctx, request);
                return;
            }
            refusal = HttpAnswers.lastAnswer(ctx, refused.get());
        }
        admit(ctx, message);
    }

    /** Passes the request and its body on, or drops them once the request was refused. */
    private void admit(ChannelHandlerContext ctx, Object message) {
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

    private void checkCredentials(ChannelHandlerContext ctx, HttpRequest request) {
        held = new ArrayList<>(List.of(request));
        ctx.channel().config().setAutoRead(false);
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        try {
            workers.execute(() -> {
                Caller caller = null;
                try {
                    caller = authenticator.authenticate(authorization).orElse(null);
                } finally { // whatever happened, the connection must not wait for a verdict that never comes
                    Caller verdict = caller;
                    ctx.executor().execute(() -> resume(ctx, verdict, false));
                }
            });
        } catch (RejectedExecutionException e) {
            resume(ctx, null, true);
        }
    }

    /** Back on the I/O thread with the verdict on the credentials: admit or refuse what was held, read on. */
    private void resume(ChannelHandlerContext ctx, Caller caller, boolean workersBusy) {
        List<Object> messages = held;
        held = null;
        if (messages == null) {
            return; // the connection closed meanwhile, and channelInactive released what was held
        }
        if (!ctx.channel().isActive()) {
            messages.forEach(ReferenceCountUtil::release);
            return;
        }
        if (caller != null) {
            ctx.channel().attr(CALLER).set(caller);
            limits.authenticated(ctx.channel());
        } else {
            refusal = HttpAnswers.lastAnswer(ctx, workersBusy ? HttpAnswers.busy() : wrongCredentials());
        }
        // Reading resumes before the held messages go on: a complete request among them pauses it again while it
        // is answered (XmlRpcDispatch), and that pause must win.
        ctx.channel().config().setAutoRead(true);
        messages.forEach(message -> admit(ctx, message));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (held != null) {
            held.forEach(ReferenceCountUtil::release);
            held = null;
        }
        ctx.fireChannelInactive();
    }

    /** What can be refused before the credentials are checked: cheaper checks first. */
    private Optional<FullHttpResponse> refusalFromTheRequestLine(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return Optional.of(
                    request.decoderResult().cause() instanceof TooLongFrameException
                            ? HttpAnswers.text(
                                    431,
                                    "request headers too large",
                                    "request refused: the request line or headers are too long")
                            : HttpAnswers.text(
                                    400, "bad request", "request refused: this is not a well-formed HTTP/1.1 request"));
        }
        if (!HttpMethod.POST.equals(request.method())) {
            FullHttpResponse answer = HttpAnswers.text(405, "method not allowed", "XML-RPC wants POST requests");
            answer.headers().set(HttpHeaderNames.ALLOW, "POST");
            return Optional.of(answer);
        }
        if (HttpUtil.getContentLength(request, -1L) > maxRequestBytes) {
            return Optional.of(tooLarge());
        }
        return Optional.empty();
    }

    private FullHttpResponse wrongCredentials() {
        FullHttpResponse answer = HttpAnswers.text(
                401,
                "wrong user or password",
                "request refused: wrong user or password (HTTP basic credentials are required)");
        answer.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
        return answer;
    }

    private FullHttpResponse tooLarge() {
        return HttpAnswers.text(
                413,
                "request body too large",
                "request refused: the body is larger than the %d bytes this daemon accepts (server.maxRequestBytes)"
                        .formatted(maxRequestBytes));
    }
}
