package org.flowstream.common.rpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One client connection speaking HTTP by hand, so a test can stop anywhere in a request (half the headers,
 * 5 bytes of a body) and choose its source address: Linux serves all of 127.0.0.0/8 on loopback, so
 * 127.0.0.2, 127.0.0.3, ... are distinct clients to the server.
 */
final class RawHttpClient implements AutoCloseable {

    private final Socket socket;

    RawHttpClient(String sourceAddress, int port) throws IOException {
        socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
        socket.setSoTimeout(60_000); // a test waits generously for an answer, then fails instead of hanging
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String pingCall(String value) {
        return "<?xml version=\"1.0\"?><methodCall><methodName>ping</methodName><params><param><value><string>" + value
                + "</string></value></param></params></methodCall>";
    }

    /** The request line and headers of a POST whose body is {@code contentLength} bytes. */
    static String headers(String authorization, int contentLength) {
        return "POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Length: " + contentLength + "\r\n\r\n";
    }

    static String post(String authorization, String body) {
        return headers(authorization, body.getBytes(StandardCharsets.UTF_8).length) + body;
    }

    RawHttpClient send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        return this;
    }

    /** Reads one answer: its status line, headers and (Content-Length) body, as text. */
    String readAnswer() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.size() + " bytes of an answer: " + head);
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
