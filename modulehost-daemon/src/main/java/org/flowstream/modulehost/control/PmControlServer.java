package org.flowstream.modulehost.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flowstream.modulehost.runtime.PmGraph;

/**
 * The PM's end of the control channel: listens on its Unix socket and answers each request line about the
 * graph's stateful elements ({@link ControlOps} carries them out). Jackson is loaded only when the first request arrives, so an idle PM does not pay
 * its memory. Answers: {@code {"ok": true, "value": ...}} or {@code {"ok": false, "error": "words"}}; a bad
 * request changes nothing.
 */
public final class PmControlServer implements AutoCloseable {

    private final ControlOps ops;
    private final ServerSocketChannel server;
    private final Thread acceptor;

    private PmControlServer(PmGraph graph, ServerSocketChannel server) {
        this.ops = new ControlOps(graph);
        this.server = server;
        this.acceptor = Thread.ofPlatform().daemon().name("pm-control").start(this::accept);
    }

    /**
     * Listens on {@code socket} (a stale file from an earlier process is replaced); links the graph's stateful
     * elements to the switch for a move's daisy chain.
     */
    public static PmControlServer start(Path socket, PmGraph graph) throws IOException {
        WireDaisyLinks.attach(graph); // a move's daisy chain runs over the switch
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return new PmControlServer(graph, server);
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                Thread.ofPlatform().daemon().name("pm-control-client").start(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SocketChannel client) {
        ObjectMapper json = Json.MAPPER;
        try (client;
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
                OutputStream out = Channels.newOutputStream(client)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                Map<String, Object> answer = new LinkedHashMap<>();
                try {
                    answer.put("value", ops.answer(json.readValue(line, ControlRequest.class)));
                    answer.put("ok", true);
                } catch (JsonProcessingException e) {
                    answer.put("ok", false);
                    answer.put("error", "not a control request: " + e.getOriginalMessage());
                } catch (IllegalArgumentException | IllegalStateException e) {
                    answer.put("ok", false);
                    answer.put("error", e.getMessage());
                }
                out.write((json.writeValueAsString(answer) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            // the daemon hung up; nothing to answer
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        acceptor.interrupt();
    }
}
