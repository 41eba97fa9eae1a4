package org.flowstream.common.rpc;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps on open connections, shared by all of a server's connections: per client address, and for connections
 * that have not (yet) sent valid credentials. A connection over a cap is answered HTTP 503 and closed before
 * anything it sends is read, so neither one client nor a crowd of strangers can use up the front door.
 */
@ChannelHandler.Sharable
final class ConnectionLimits extends ChannelInboundHandlerAdapter {

    /** Set while a connection counts as unauthenticated; cleared (once) when it authenticates or closes. */
    private static final AttributeKey<Boolean> UNAUTHENTICATED = AttributeKey.valueOf("flowstream.unauthenticated");
    /** The address a connection was counted under, remembered for when it closes. */
    private static final AttributeKey<InetAddress> CLIENT = AttributeKey.valueOf("flowstream.client");

    private final int maxPerClient;
    private final int maxUnauthenticated;
    private final ConcurrentHashMap<InetAddress, Integer> openPerClient = new ConcurrentHashMap<>();
    private final AtomicInteger unauthenticated = new AtomicInteger();

    ConnectionLimits(int maxPerClient, int maxUnauthenticated) {
        if (maxPerClient < 1 || maxUnauthenticated < 1) {
            throw new IllegalArgumentException(
                    "server.maxConnectionsPerClient and server.maxUnauthenticatedConnections must be at least 1");
        }
        this.maxPerClient = maxPerClient;
        this.maxUnauthenticated = maxUnauthenticated;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetAddress client = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        ctx.channel().attr(CLIENT).set(client);
        if (openPerClient.merge(client, 1, Integer::sum) > maxPerClient) {
            refuse(
                    ctx,
                    "too many connections from %s: at most %d at once (server.maxConnectionsPerClient)"
                            .formatted(client.getHostAddress(), maxPerClient));
            return;
        }
        if (unauthenticated.incrementAndGet() > maxUnauthenticated) {
            unauthenticated.decrementAndGet();
            refuse(
                    ctx,
                    "too many connections without credentials: at most %d at once (server.maxUnauthenticatedConnections)"
                            .formatted(maxUnauthenticated));
            return;
        }
        ctx.channel().attr(UNAUTHENTICATED).set(Boolean.TRUE);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        InetAddress client = ctx.channel().attr(CLIENT).get();
        if (client != null) {
            openPerClient.computeIfPresent(client, (address, open) -> open <= 1 ? null : open - 1);
        }
        authenticated(ctx.channel());
        ctx.fireChannelInactive();
    }

    /** The connection sent valid credentials: it no longer counts against the unauthenticated cap. */
    void authenticated(Channel channel) {
        if (Boolean.TRUE.equals(channel.attr(UNAUTHENTICATED).getAndSet(null))) {
            unauthenticated.decrementAndGet();
        }
    }

    private static void refuse(ChannelHandlerContext ctx, String why) {
        HttpAnswers.answerAndClose(ctx, HttpAnswers.text(503, "too many connections", why));
    }
}
