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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.modulehost.runtime.Element;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.PmGraph;
import org.flowstream.modulehost.state.FlowFilter;
import org.flowstream.modulehost.state.FlowGate;
import org.flowstream.modulehost.state.FlowState;
import org.flowstream.modulehost.state.StatefulElement;

/**
 * The PM's end of the control channel: listens on its Unix socket and answers each request line about the
 * graph's stateful elements. Jackson is loaded only when the first request arrives, so an idle PM does not pay
 * its memory. Answers: {@code {"ok": true, "value": ...}} or {@code {"ok": false, "error": "words"}}; a bad
 * request changes nothing.
 */
public final class PmControlServer implements AutoCloseable {

    private final PmGraph graph;
    private final ServerSocketChannel server;
    private final Thread acceptor;

    private PmControlServer(PmGraph graph, ServerSocketChannel server) {
        this.graph = graph;
        this.server = server;
        this.acceptor = Thread.ofPlatform().daemon().name("pm-control").start(this::accept);
    }

    /** Listens on {@code socket} (a stale file from an earlier process is replaced). */
    public static PmControlServer start(Path socket, PmGraph graph) throws IOException {
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
                    answer.put("value", answer(json.readValue(line, ControlRequest.class)));
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

    /** Carries out one request; a bad one is an IllegalArgumentException in words, with nothing changed. */
    Object answer(ControlRequest request) {
        String op = request.op() == null ? "" : request.op();
        if (op.equals("elements")) {
            return graph.elements().values().stream()
                    .filter(e -> e instanceof StatefulElement)
                    .map(Element::name)
                    .toList();
        }
        StatefulElement element = element(request.element());
        FlowFilter filter = FlowFilter.parse(request.filter() == null ? "" : request.filter());
        return switch (op) {
            case "export" -> element.exportFlows(filter);
            case "import" -> {
                List<FlowState> states = request.states() == null ? List.of() : request.states();
                element.importFlows(states);
                yield states.size();
            }
            case "delete" -> element.deleteFlows(filter);
            case "global" -> {
                Map<String, Object> global = new LinkedHashMap<>(element.globalState());
                global.put("gate", element.gate().stats());
                yield global;
            }
            case "freeze" -> {
                element.gate().freeze(filter);
                yield element.gate().stats();
            }
            case "hand_over" -> handOver(element, filter, request.quietMs());
            case "release" -> release(element, filter, request.packets());
            default ->
                throw new IllegalArgumentException("unknown control operation '" + op
                        + "' (elements, export, import, delete, global, freeze, hand_over, release)");
        };
    }

    private StatefulElement element(String name) {
        Element element = name == null ? null : graph.elements().get(name);
        if (element instanceof StatefulElement stateful) {
            return stateful;
        }
        throw new IllegalArgumentException(
                element == null
                        ? "this PM has no element named '" + name + "'"
                        : "element '" + name + "' keeps no per-flow state that can move");
    }

    private static List<ControlRequest.WirePacket> handOver(StatefulElement element, FlowFilter filter, int quietMs) {
        try {
            long now = System.nanoTime();
            Base64.Encoder base64 = Base64.getEncoder();
            return element.gate().handOver(filter, Math.max(1, quietMs)).stream()
                    .map(p -> new ControlRequest.WirePacket(
                            p.port(),
                            base64.encodeToString(java.util.Arrays.copyOf(
                                    p.packet().buffer(),
                                    Packet.HEADROOM + p.packet().length())),
                            (int) ((now - p.heldAtNanos()) / 1000)))
                    .toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the filter's traffic to stop");
        }
    }

    private static Map<String, Object> release(
            StatefulElement element, FlowFilter filter, List<ControlRequest.WirePacket> packets) {
        long now = System.nanoTime();
        Base64.Decoder base64 = Base64.getDecoder();
        List<FlowGate.HeldPacket> arrived = (packets == null ? List.<ControlRequest.WirePacket>of() : packets)
                .stream()
                        .map(p -> {
                            byte[] buffer = base64.decode(p.buffer());
                            if (buffer.length <= Packet.HEADROOM) {
                                throw new IllegalArgumentException("a handed-over packet is shorter than its header");
                            }
                            return new FlowGate.HeldPacket(
                                    p.port(),
                                    new Packet(buffer, buffer.length - Packet.HEADROOM),
                                    null,
                                    now - p.heldUs() * 1000L);
                        })
                        .toList();
        long[] waited = element.gate().release(filter, arrived);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("processed", waited.length);
        result.put("handed_over", arrived.size());
        result.put("hold_us_p50", percentile(waited, 0.50));
        result.put("hold_us_p99", percentile(waited, 0.99));
        result.put("hold_us_max", waited.length == 0 ? 0 : waited[waited.length - 1]);
        return result;
    }

    /** The q-quantile of sorted values (nearest rank), 0 for none. */
    static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
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
