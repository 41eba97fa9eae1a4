package org.flowstream.openflow.channel;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller side of OpenFlow over Netty: listens for switches (TCP, port 6653 by default, and/or a unix
 * socket) and connects out to switches that listen themselves ({@code tcp:host:port} or {@code unix:/path},
 * e.g. an Open vSwitch bridge's management socket), retrying with exponential backoff whenever a
 * connect-out connection fails or drops. Switches connecting in reconnect by themselves.
 */
public final class OpenflowController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpenflowController.class);
    private static final long MIN_BACKOFF_MS = 100, MAX_BACKOFF_MS = 10_000;

    private final SwitchListener listener;
    private final Duration echoInterval;
    private final boolean epoll = Epoll.isAvailable();
    private final EventLoopGroup group;
    private final List<Channel> servers = new ArrayList<>();
    private final Map<String, OutTarget> outTargets = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public OpenflowController(SwitchListener listener, Duration echoInterval) {
        this.listener = listener;
        this.echoInterval = echoInterval;
        this.group = epoll ? new EpollEventLoopGroup(2) : new NioEventLoopGroup(2);
    }

    /** Listens for switches on TCP; port 0 picks a free one. Returns the bound address. */
    public InetSocketAddress listenTcp(String host, int port) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer(() -> {}));
        Channel server = b.bind(host, port).sync().channel();
        servers.add(server);
        LOG.info("OpenFlow controller listening on tcp:{}", server.localAddress());
        return (InetSocketAddress) server.localAddress();
    }

    /** Listens for switches on a unix socket (an Open vSwitch controller target {@code unix:<path>}). */
    public void listenUnix(Path socket) throws Exception {
        requireEpoll("a unix socket");
        Files.deleteIfExists(socket);
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(EpollServerDomainSocketChannel.class)
                .childHandler(initializer(() -> {}));
        servers.add(b.bind(new DomainSocketAddress(socket.toFile())).sync().channel());
        LOG.info("OpenFlow controller listening on unix:{}", socket);
    }

    /**
     * Keeps a connection to a listening switch: {@code tcp:host:port} or {@code unix:/path}. Returns at once;
     * the connection is (re)made in the background, with backoff from 0.1 s to 10 s.
     */
    public void connect(String target) {
        SocketAddress address = parseTarget(target);
        OutTarget out = new OutTarget(target, address);
        if (outTargets.putIfAbsent(target, out) == null) {
            out.attempt();
        }
    }

    /** Stops keeping the connection to the target and closes it. */
    public void disconnect(String target) {
        OutTarget out = outTargets.remove(target);
        if (out != null && out.channel != null) {
            out.channel.close();
        }
    }

    public List<String> connectTargets() {
        return List.copyOf(outTargets.keySet());
    }

    private SocketAddress parseTarget(String target) {
        if (target.startsWith("unix:")) {
            requireEpoll("unix sockets");
            return new DomainSocketAddress(target.substring(5));
        }
        if (target.startsWith("tcp:")) {
            String rest = target.substring(4);
            int colon = rest.lastIndexOf(':');
            try {
                return colon < 0
                        ? new InetSocketAddress(rest, 6653)
                        : new InetSocketAddress(rest.substring(0, colon), Integer.parseInt(rest.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port in connect target '%s'".formatted(target));
            }
        }
        throw new IllegalArgumentException(
                "connect target '%s' must be tcp:host[:port] or unix:/path".formatted(target));
    }

    private void requireEpoll(String what) {
        if (!epoll) {
            throw new IllegalStateException(what + " need Netty's native epoll transport, which is not available here: "
                    + Epoll.unavailabilityCause());
        }
    }

    private ChannelInitializer<Channel> initializer(Runnable onReady) {
        long echo = Math.max(1, echoInterval.toMillis());
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("idle", new IdleStateHandler(echo * 3, 0, echo, TimeUnit.MILLISECONDS));
                ch.pipeline().addLast("decoder", new OfMessageCodec.Decoder());
                ch.pipeline().addLast("encoder", new OfMessageCodec.Encoder());
                ch.pipeline().addLast("keepalive", new EchoKeepAlive());
                ch.pipeline().addLast("handshake", new HandshakeHandler());
                ch.pipeline().addLast("dispatch", new SwitchDispatchHandler(listener, onReady));
            }
        };
    }

    /** A switch we connect to, with its backoff. */
    private final class OutTarget {
        final String target;
        final SocketAddress address;
        volatile long backoff = MIN_BACKOFF_MS;
        volatile Channel channel;

        OutTarget(String target, SocketAddress address) {
            this.target = target;
            this.address = address;
        }

        void attempt() {
            if (closed || outTargets.get(target) != this) {
                return;
            }
            Class<? extends Channel> type = address instanceof DomainSocketAddress
                    ? EpollDomainSocketChannel.class
                    : epoll ? EpollSocketChannel.class : NioSocketChannel.class;
            Bootstrap b = new Bootstrap()
                    .group(group)
                    .channel(type)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                    .handler(initializer(() -> backoff = MIN_BACKOFF_MS));
            ChannelFuture f = b.connect(address);
            f.addListener(done -> {
                if (!done.isSuccess()) {
                    LOG.debug(
                            "connect to {} failed: {}",
                            target,
                            done.cause() == null ? "" : done.cause().getMessage());
                    retryLater();
                    return;
                }
                channel = f.channel();
                channel.closeFuture().addListener(c -> retryLater());
            });
        }

        void retryLater() {
            if (closed || outTargets.get(target) != this) {
                return;
            }
            long delay = backoff;
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            group.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        closed = true;
        outTargets.values().forEach(t -> {
            if (t.channel != null) {
                t.channel.close();
            }
        });
        outTargets.clear();
        servers.forEach(s -> s.close().awaitUninterruptibly());
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
