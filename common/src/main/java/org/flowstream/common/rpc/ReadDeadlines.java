package org.flowstream.common.rpc;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Deadlines on reading, per connection: a request's headers must arrive within {@code server.headerTimeoutMillis}
 * of the connection opening, its body within {@code server.bodyTimeoutMillis} of its headers, and a kept-alive
 * connection must start its next request within {@code server.idleTimeoutMillis}. An idle-time limit alone would
 * not do: a client sending one byte every few seconds is never idle. No deadline runs while a request is being
 * answered; the method itself takes the time it needs.
 */
final class ReadDeadlines extends ChannelDuplexHandler {

    private final DeadlineSettings settings;
    private ScheduledFuture<?> timer;
    /** Between a request's headers and the end of its body. */
    private boolean readingBody;
    /** A response to the current request was written (perhaps an early refusal while its body still comes). */
    private boolean answered;

    record DeadlineSettings(long headerMillis, long bodyMillis, long idleMillis) {}

    ReadDeadlines(DeadlineSettings settings) {
        this.settings = settings;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm(
                ctx,
                settings.headerMillis(),
                "the request line and headers did not arrive within %d ms (server.headerTimeoutMillis)");
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof HttpRequest) {
            readingBody = true;
            answered = false;
            arm(
                    ctx,
                    settings.bodyMillis(),
                    "the request body did not arrive within %d ms of its headers (server.bodyTimeoutMillis)");
        }
        if (message instanceof LastHttpContent) {
            readingBody = false;
            disarm();
        }
        ctx.fireChannelRead(message);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
        if (message instanceof HttpResponse response && response.status().code() >= 200) { // not "100 Continue"
            answered = true;
        }
        if (message instanceof LastHttpContent && !readingBody) {
            promise = promise.unvoid();
            promise.addListener(written -> {
                if (written.isSuccess() && ctx.channel().isActive() && !readingBody) {
                    arm(ctx, settings.idleMillis(), null);
                }
            });
        }
        ctx.write(message, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        ctx.fireChannelInactive();
    }

    /** Closes the connection when the time is up, answering 408 first if the request was not answered yet. */
    private void arm(ChannelHandlerContext ctx, long millis, String timeoutMessage) {
        disarm();
        timer = ctx.executor()
                .schedule(
                        () -> {
                            timer = null;
                            if (timeoutMessage == null || answered) {
                                ctx.close();
                            } else {
                                HttpAnswers.answerAndClose(
                                        ctx,
                                        HttpAnswers.text(
                                                408,
                                                "request timeout",
                                                "request refused: " + timeoutMessage.formatted(millis)));
                            }
                        },
                        millis,
                        TimeUnit.MILLISECONDS);
    }

    private void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
