package org.flowstream.common.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Slow clients held open against a daemon on loopback, as in the attack that froze the JDK HTTP server: half
 * send half of a request's headers, half send complete headers (with the given credentials) and 5 bytes of a
 * 100-byte body; then all wait. They come from 127.0.0.2 to 127.0.0.11 (Linux serves all of 127.0.0.0/8), so
 * they are ten client addresses to the server, as a crowd on a network would be.
 */
public final class SlowClients implements AutoCloseable {

    private final List<Socket> sockets = new ArrayList<>();

    private SlowClients() {}

    /** Opens {@code count} slow connections to a daemon listening on 127.0.0.1:{@code port}. */
    public static SlowClients hold(int port, int count, String authorizationHeader) {
        SlowClients clients = new SlowClients();
        try {
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket();
                clients.sockets.add(socket);
                socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0." + (2 + i % 10)), 0));
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
                String start = "POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1\r\n";
                String rest = "Authorization: " + authorizationHeader
                        + "\r\nContent-Type: text/xml\r\nContent-Length: 100\r\n\r\n<?xml";
                socket.getOutputStream().write((i % 2 == 0 ? start : start + rest).getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
            }
        } catch (IOException e) {
            clients.close();
            throw new UncheckedIOException(
                    "cannot open slow connection %d: %s".formatted(clients.sockets.size(), e.getMessage()), e);
        }
        return clients;
    }

    public int count() {
        return sockets.size();
    }

    /** True when the daemon has neither answered nor closed any of them. */
    public boolean allStillOpen() throws IOException {
        for (Socket socket : sockets) {
            socket.setSoTimeout(1);
            try {
                socket.getInputStream().read(); // an answer's first byte, or -1 for a closed connection
                return false;
            } catch (SocketTimeoutException stillWaiting) {
                // held open, unanswered: as it should be
            }
        }
        return true;
    }

    @Override
    public void close() {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a test connection; nothing to do
            }
        }
    }
}
