package org.flowstream.cli.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A steady UDP stream from traffic host h1 to h2 through one allocation (its FromNet matches the destination
 * port), for a fixed time: the receiver notes every arrival, so the stream tells how many datagrams were lost
 * and how long the longest silence was. Sender and receiver are small Python programs in the hosts' namespaces.
 */
final class SteadyTraffic {

    /** Sends at {@code rate} per second for {@code seconds}; prints how many it sent. */
    private static final String SEND = """
            import socket,sys,time
            dst,port,rate,seconds=sys.argv[1],int(sys.argv[2]),float(sys.argv[3]),float(sys.argv[4])
            s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); n=0; start=time.time()
            while time.time()-start<seconds:
                s.sendto(b'chaos %d'%n,(dst,port)); n+=1
                time.sleep(max(0,start+n/rate-time.time()))
            print(n,flush=True)
            """;

    /**
     * Counts arrivals for {@code seconds}; prints {"received": n, "longest_gap_s": g, "gap_start": t} as JSON: the
     * longest silence from the start, between arrivals, or after the last one until the sender stopped.
     */
    private static final String RECEIVE = """
            import json,socket,sys,time
            port,seconds=int(sys.argv[1]),float(sys.argv[2])
            s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind(('0.0.0.0',port)); s.settimeout(0.05)
            print('ready',flush=True)
            n=0; start=time.time(); last=start; gap=0.0; gap_start=start
            while time.time()-start<seconds:
                try:
                    s.recv(2048); now=time.time(); n+=1
                    if now-last>gap: gap,gap_start=now-last,last
                    last=now
                except socket.timeout:
                    pass
            end=start+seconds-1.5  # the sender's last datagram: the receiver listens 1.5 s longer for stragglers
            if end-last>gap: gap,gap_start=end-last,last
            print(json.dumps({'received':n,'longest_gap_s':round(gap,3),'gap_start':gap_start}),flush=True)
            """;

    private final int port;
    private final Process sender;
    private final Process receiver;
    private final java.io.BufferedReader receiverOutput;

    private SteadyTraffic(int port, Process sender, Process receiver, java.io.BufferedReader receiverOutput) {
        this.port = port;
        this.sender = sender;
        this.receiver = receiver;
        this.receiverOutput = receiverOutput;
    }

    /** Starts the receiver on h2, waits until it listens, then the sender on h1. */
    static SteadyTraffic start(String fromNs, String toNs, String toIp, int port, int rate, double seconds)
            throws IOException {
        Process receiver = new ProcessBuilder(List.of(
                        "ip",
                        "netns",
                        "exec",
                        toNs,
                        "python3",
                        "-c",
                        RECEIVE,
                        Integer.toString(port),
                        Double.toString(seconds + 1.5)))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        var output = new java.io.BufferedReader(new java.io.InputStreamReader(receiver.getInputStream()));
        String ready = output.readLine();
        if (!"ready".equals(ready)) {
            receiver.destroyForcibly();
            throw new IOException(
                    "the receiver on %s port %d did not start (is the platform up?)".formatted(toNs, port));
        }
        Process sender = new ProcessBuilder(List.of(
                        "ip",
                        "netns",
                        "exec",
                        fromNs,
                        "python3",
                        "-c",
                        SEND,
                        toIp,
                        Integer.toString(port),
                        Integer.toString(rate),
                        Double.toString(seconds)))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        return new SteadyTraffic(port, sender, receiver, output);
    }

    /** What one stream saw. */
    record Outcome(int port, int sent, int received, double longestGapSeconds, double longestGapEndEpochSeconds) {
        int lost() {
            return Math.max(0, sent - received);
        }
    }

    Outcome await() throws Exception {
        String sent = new String(sender.getInputStream().readAllBytes()).strip();
        String line = receiverOutput.readLine();
        sender.waitFor(10, TimeUnit.SECONDS);
        receiver.waitFor(10, TimeUnit.SECONDS);
        if (line == null) {
            throw new IOException("the receiver on port %d printed nothing".formatted(port));
        }
        JsonNode seen = new ObjectMapper().readTree(line);
        return new Outcome(
                port,
                sent.isEmpty() ? 0 : Integer.parseInt(sent),
                seen.get("received").asInt(),
                seen.get("longest_gap_s").asDouble(),
                seen.get("gap_start").asDouble() + seen.get("longest_gap_s").asDouble());
    }

    static List<Outcome> awaitAll(List<SteadyTraffic> streams) throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        for (SteadyTraffic s : streams) {
            outcomes.add(s.await());
        }
        return outcomes;
    }
}
