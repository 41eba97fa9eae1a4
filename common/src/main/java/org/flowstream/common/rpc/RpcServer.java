package org.flowstream.common.rpc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.xmlrpc.XmlRpcException;
import org.flowstream.common.auth.BasicAuthenticator;
import org.flowstream.common.auth.Caller;
import org.flowstream.common.config.DaemonConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon's XML-RPC front door: the JDK's HTTP server with a bounded worker pool, HTTP basic
 * authentication, a request size limit, optional TLS, and the hardened Apache XML-RPC server behind it.
 */
public final class RpcServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);

    /** How much of a refused body is read and thrown away before the connection is closed instead. */
    private static final long DRAIN_LIMIT_BYTES = 256L * 1024 * 1024;

    private final HttpServer http;
    /** Servers on the addresses of {@code alsoBind}: same port, handler and worker pool as {@link #http}. */
    private final List<HttpServer> extraHttp = new ArrayList<>();
    private final ThreadPoolExecutor workers;
    private final HardenedXmlRpcServer xmlRpc;
    private final BasicAuthenticator authenticator;
    private final int maxRequestBytes;
    private final String realm;

    public RpcServer(String daemonName, DaemonConfig config, RpcMethods methods) throws IOException {
        this.authenticator = new BasicAuthenticator(methods.accounts());
        InetAddress address = servableAddress(daemonName, config.bind);
        if (authenticator.isOpen()) {
            LOG.warn("{}: no users configured: development mode, every caller on loopback is an operator", daemonName);
        }
        this.maxRequestBytes = config.server.maxRequestBytes;
        this.realm = "flowstream-" + daemonName;
        this.xmlRpc = new HardenedXmlRpcServer(methods);
        this.http = createHttpServer(new InetSocketAddress(address, config.port), config.server);
        this.workers = newWorkerPool(daemonName, config.server);
        http.setExecutor(workers);
        http.createContext("/", this::handle);
        try {
            for (String extra : config.alsoBind) {
                HttpServer server = createHttpServer(new InetSocketAddress(servableAddress(daemonName, extra), port()), config.server);
                server.setExecutor(workers);
                server.createContext("/", this::handle);
                extraHttp.add(server);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** An address to serve on; anything but loopback only when callers must authenticate. */
    private InetAddress servableAddress(String daemonName, String bind) throws IOException {
        InetAddress address = InetAddress.getByName(bind);
        if (authenticator.isOpen() && !address.isLoopbackAddress()) {
            throw new IllegalArgumentException("refusing to serve %s on %s without users: configure users (tenant/operator) or bind to 127.0.0.1"
                    .formatted(daemonName, bind));
        }
        return address;
    }

    private static HttpServer createHttpServer(InetSocketAddress address, DaemonConfig.Server server) throws IOException {
        if (server.tlsKeyStore == null || server.tlsKeyStore.isBlank()) {
            return HttpServer.create(address, server.backlog);
        }
        HttpsServer https = HttpsServer.create(address, server.backlog);
        https.setHttpsConfigurator(new HttpsConfigurator(sslContext(Path.of(server.tlsKeyStore), server.tlsKeyStorePassword)));
        return https;
    }

    private static SSLContext sslContext(Path keyStoreFile, String password) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(keyStoreFile)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, password.toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, password.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot use TLS key store " + keyStoreFile + ": " + e.getMessage(), e);
        }
    }

    private static ThreadPoolExecutor newWorkerPool(String daemonName, DaemonConfig.Server server) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(server.threads, server.threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, server.backlog)), r -> {
                    Thread t = new Thread(r, daemonName + "-rpc-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Starts serving; the JDK server's own idle-connection and drain limits apply on top of ours. */
    public void start() {
        http.start();
        extraHttp.forEach(HttpServer::start);
    }

    public int port() {
        return http.getAddress().getPort();
    }

    public URI url() {
        String scheme = http instanceof HttpsServer ? "https" : "http";
        String host = http.getAddress().getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("%s://%s:%d/RPC2".formatted(scheme, host, port()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                sendText(exchange, 405, "XML-RPC wants POST requests\n");
                return;
            }
            Optional<Caller> caller = authenticator.authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
            if (caller.isEmpty()) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
                sendText(exchange, 401, "unknown user or wrong password\n");
                return;
            }
            String declared = exchange.getRequestHeaders().getFirst("Content-Length");
            if (declared != null && declared.matches("\\d+") && Long.parseLong(declared) > maxRequestBytes) {
                sendText(exchange, 413, "request refused: the body is larger than the %d bytes this daemon accepts\n".formatted(maxRequestBytes));
                return;
            }
            InputStream body = new LimitedInputStream(exchange.getRequestBody(), maxRequestBytes);
            xmlRpc.execute(new CallerRequestConfig(caller.get()), new HardenedXmlRpcServer.ExchangeConnection(exchange, body));
        } catch (XmlRpcException e) {
            LOG.debug("request failed", e);
        } finally {
            drain(exchange);
            exchange.close();
        }
    }

    /**
     * Reads what is left of a refused body (up to a bound), so that a client still sending it gets to read
     * our answer instead of a connection reset. Past the bound the connection is simply closed.
     */
    private static void drain(HttpExchange exchange) {
        try (InputStream rest = exchange.getRequestBody()) {
            byte[] buffer = new byte[64 * 1024];
            long left = DRAIN_LIMIT_BYTES;
            int n;
            while (left > 0 && (n = rest.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException ignored) {
            // the client went away; nothing to answer
        }
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        http.stop(0);
        extraHttp.forEach(server -> server.stop(0));
        workers.shutdownNow();
    }
}
