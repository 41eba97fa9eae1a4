package org.flowstream.modulehost.control;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The daemon's end of a PM's control channel: one connection per call, so a PM that dies mid-call costs only that
 * call. A refusal from the PM comes back as an IllegalArgumentException carrying the PM's words.
 */
public final class PmControlClient {

    private final Path socket;

    public PmControlClient(Path socket) {
        this.socket = socket;
    }

    /** Sends a request struct (the shape of {@link ControlRequest}) and returns the answer's value. */
    public Object call(Map<String, Object> request) throws IOException {
        String line = Json.MAPPER.writeValueAsString(Json.MAPPER.convertValue(request, ControlRequest.class));
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            var out = Channels.newOutputStream(channel);
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
            String answerLine = in.readLine();
            if (answerLine == null) {
                throw new IOException("the PM closed its control channel without answering");
            }
            Map<String, Object> answer = Json.MAPPER.readValue(answerLine, new TypeReference<>() {});
            if (!Boolean.TRUE.equals(answer.get("ok"))) {
                throw new IllegalArgumentException(String.valueOf(answer.get("error")));
            }
            return answer.get("value");
        }
    }
}
