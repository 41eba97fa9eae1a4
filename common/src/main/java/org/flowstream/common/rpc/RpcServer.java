package org.flowstream.common.rpc;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import org.flowstream.common.auth.BasicAuthenticator;
import org.flowstream.common.config.DaemonConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon's XML-RPC front door. Netty reads requests without blocking, so a slow or silent client costs a
 * connection, never a thread; each connection passes, in order: TLS (optional), HTTP parsing, the connection
 * caps ({@link ConnectionLimits}), read deadlines ({@link ReadDeadlines}), the checks made from the headers
 * before any body is read ({@link RequestGate}), and, once the body is complete, the hardened Apache XML-RPC
 * server on a bounded worker pool ({@link XmlRpcDispatch}).
 */
public final class RpcServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);

    /** Two threads move every connection's bytes; the work itself runs on {@link #workers}. */
    private static final int IO_THREADS = 2;

    private static final int MAX_REQUEST_LINE_BYTES = 4096;
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final EventLoopGroup io;
    private final ThreadPoolExecutor workers;
    private final BasicAuthenticator authenticator;
    private final boolean tls;
    /** The listening sockets: {@code bind} first, then each of {@code alsoBind}, all on one port. */
    private final List<Channel> listeners = new ArrayList<>();

    public RpcServer(String daemonName, DaemonConfig config, RpcMethods methods) throws IOException {
        this.authenticator = new BasicAuthenticator(methods.accounts());
        InetAddress address = servableAddress(daemonName, config.bind);
        if (authenticator.isOpen()) {
            LOG.warn("{}: no users configured: development mode, every caller on loopback is an operator", daemonName);
        }
        DaemonConfig.Server server = config.server;
        SslContext sslContext = server.tlsKeyStore == null || server.tlsKeyStore.isBlank()
                ? null
                : sslContext(Path.of(server.tlsKeyStore), server.tlsKeyStorePassword);
        this.tls = sslContext != null;
        this.workers = newWorkerPool(daemonName, server);
        this.io = new NioEventLoopGroup(IO_THREADS, new DefaultThreadFactory(daemonName + "-http", true));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(io)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, server.backlog)
                .option(ChannelOption.AUTO_READ, false) // accept nothing before start()
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(connectionPipeline(daemonName, server, sslContext, new HardenedXmlRpcServer(methods)));
        try {
            listeners.add(bind(bootstrap, new InetSocketAddress(address, config.port)));
            for (String extra : config.alsoBind) {
                listeners.add(bind(bootstrap, new InetSocketAddress(servableAddress(daemonName, extra), port())));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private ChannelInitializer<SocketChannel> connectionPipeline(
            String daemonName, DaemonConfig.Server server, SslContext sslContext, HardenedXmlRpcServer xmlRpc) {
        ConnectionLimits limits =
                new ConnectionLimits(server.maxConnectionsPerClient, server.maxUnauthenticatedConnections);
        ReadDeadlines.DeadlineSettings deadlines = new ReadDeadlines.DeadlineSettings(
                positive(server.headerTimeoutMillis, "headerTimeoutMillis"),
                positive(server.bodyTimeoutMillis, "bodyTimeoutMillis"),
                positive(server.idleTimeoutMillis, "idleTimeoutMillis"));
        positive(server.maxRequestBytes, "maxRequestBytes");
        XmlRpcDispatch dispatch = new XmlRpcDispatch(xmlRpc, workers);
        String realm = "flowstream-" + daemonName;
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                ChannelPipeline pipeline = channel.pipeline();
                if (sslContext != null) {
                    pipeline.addLast("tls", sslContext.newHandler(channel.alloc()));
                }
                pipeline.addLast("http", new HttpServerCodec(MAX_REQUEST_LINE_BYTES, MAX_HEADER_BYTES, 64 * 1024));
                pipeline.addLast("limits", limits);
                pipeline.addLast("deadlines", new ReadDeadlines(deadlines));
                pipeline.addLast(
                        "gate", new RequestGate(authenticator, limits, workers, realm, server.maxRequestBytes));
                pipeline.addLast("body", new HttpObjectAggregator(server.maxRequestBytes));
                pipeline.addLast("xmlrpc", dispatch);
            }
        };
    }

    private static int positive(int value, String key) {
        if (value <= 0) {
            throw new IllegalArgumentException("server.%s must be positive, not %d".formatted(key, value));
        }
        return value;
    }

    private static Channel bind(ServerBootstrap bootstrap, InetSocketAddress address) throws IOException {
        var bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IOException(
                    "cannot listen on %s:%d: %s"
                            .formatted(
                                    address.getAddress().getHostAddress(),
                                    address.getPort(),
                                    bound.cause().getMessage()),
                    bound.cause());
        }
        return bound.channel();
    }

    /** An address to serve on; anything but loopback only when callers must authenticate. */
    private InetAddress servableAddress(String daemonName, String bind) throws IOException {
        InetAddress address = InetAddress.getByName(bind);
        if (authenticator.isOpen() && !address.isLoopbackAddress()) {
            throw new IllegalArgumentException(
                    "refusing to serve %s on %s without users: configure users (tenant/operator) or bind to 127.0.0.1"
                            .formatted(daemonName, bind));
        }
        return address;
    }

    private static SslContext sslContext(Path keyStoreFile, String password) throws IOException {
        try (InputStream in = Files.newInputStream(keyStoreFile)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, password.toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, password.toCharArray());
            return SslContextBuilder.forServer(keys).build();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use TLS key store " + keyStoreFile + ": " + e.getMessage(), e);
        }
    }

    private static ThreadPoolExecutor newWorkerPool(String daemonName, DaemonConfig.Server server) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                positive(server.threads, "threads"),
                server.threads,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, server.backlog)),
                r -> {
                    Thread t = new Thread(r, daemonName + "-rpc-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Starts accepting connections on every address. */
    public void start() {
        listeners.forEach(listener -> listener.config().setAutoRead(true));
    }

    public int port() {
        return ((InetSocketAddress) listeners.get(0).localAddress()).getPort();
    }

    public URI url() {
        InetSocketAddress local = (InetSocketAddress) listeners.get(0).localAddress();
        String host = local.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("%s://%s:%d/RPC2".formatted(tls ? "https" : "http", host, local.getPort()));
    }

    /** Stops accepting, interrupts the calls in progress and lets them write their answers, then closes every connection. */
    @Override
    public void close() {
        listeners.forEach(listener -> listener.close().awaitUninterruptibly());
        workers.shutdownNow();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
