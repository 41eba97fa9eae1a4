package org.flowstream.common.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.common.ServerStreamConnection;
import org.apache.xmlrpc.common.XmlRpcHttpRequestConfigImpl;
import org.apache.xmlrpc.common.XmlRpcStreamRequestConfig;
import org.apache.xmlrpc.server.XmlRpcHttpServer;

/**
 * The benchmark's baseline: Apache XML-RPC's stock stream server on the same JDK HTTP server, answering
 * every call with the same struct as the daemon's ping, with no authentication, no limits and no dispatch.
 */
final class BareXmlRpcServer implements AutoCloseable {

    private final HttpServer http;
    private final ExecutorService workers;

    BareXmlRpcServer(int threads) throws IOException {
        XmlRpcHttpServer xmlRpc = new XmlRpcHttpServer() {
            @Override
            protected void setResponseHeader(ServerStreamConnection connection, String header, String value) {
                ((Connection) connection).exchange.getResponseHeaders().set(header, value);
            }

            @Override
            protected boolean isContentLengthRequired(XmlRpcStreamRequestConfig config) {
                return true;
            }

            @Override
            protected OutputStream getOutputStream(
                    XmlRpcStreamRequestConfig config, ServerStreamConnection connection, int size) throws IOException {
                Connection c = (Connection) connection;
                c.exchange.sendResponseHeaders(200, size);
                return c.exchange.getResponseBody();
            }
        };
        xmlRpc.setHandlerMapping(name -> request -> Map.of("code", 0, "message", "pong"));
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        workers = Executors.newFixedThreadPool(threads);
        http.setExecutor(workers);
        http.createContext("/", exchange -> {
            try {
                xmlRpc.execute(new XmlRpcHttpRequestConfigImpl(), new Connection(exchange));
            } catch (XmlRpcException e) {
                exchange.close();
            }
        });
        http.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:%d/RPC2".formatted(http.getAddress().getPort()));
    }

    @Override
    public void close() {
        http.stop(0);
        workers.shutdownNow();
    }

    private record Connection(com.sun.net.httpserver.HttpExchange exchange) implements ServerStreamConnection {
        @Override
        public java.io.InputStream newInputStream() {
            return exchange.getRequestBody();
        }

        @Override
        public OutputStream newOutputStream() {
            return exchange.getResponseBody();
        }

        @Override
        public void close() {
            exchange.close();
        }
    }
}
