package org.flowstream.modulehost.bench.migrate;

import java.util.Arrays;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.flowstream.contracts.move.PhasedMove;
import org.flowstream.contracts.move.PmFlows;
import org.flowstream.contracts.move.Rewire;
import org.flowstream.contracts.records.modulehost.PmFlowsRequest;
import org.flowstream.modulehost.control.LocalControlChannel;
import org.flowstream.modulehost.elements.TcpTracker;
import org.flowstream.modulehost.runtime.ConfigException;
import org.flowstream.modulehost.runtime.ElementRegistry;
import org.flowstream.modulehost.runtime.GraphParser;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.PacketIo;
import org.flowstream.modulehost.runtime.PmGraph;
import org.flowstream.modulehost.runtime.RuntimeContext;

/**
 * §2.3.3's traffic through two TCP trackers (the old and the new instance) in this process, on a simulated clock:
 * TCP connections arrive as a Poisson process, last a Pareto time (shape 2: mean 200 ms, at least 100 ms) or, for a
 * share of them, the whole run (long-lived); each opens with SYN, SYN-ACK, ACK, sends a segment every {@code
 * gapMs} alternately from each side and closes with FIN, FIN, ACK (the tracker then forgets it). A simulated switch
 * sends every segment to the instance it is wired to; the old instance's daisy chain hands segments to the new one
 * directly. Every segment carries its direction's sequence number; what leaves the trackers is counted per
 * connection, so lost, reordered and broken connections (any segment dropped) are exact.
 *
 * <p>A move's control requests run for real on the trackers (the same requests as through a PM's control socket);
 * each advances the simulated clock by its measured CPU time (this thread's, so other load on the machine does not
 * count) plus a modelled network latency, and the segments
 * due meanwhile arrive after it took effect (held if their flow is frozen).
 */
final class MigrationSim implements PhasedMove.Clock {

    private static final String GRAPH = "t :: TcpTracker; t[0] -> ToDevice(out); t[1] -> ToDevice(in)";
    private static final int OUTSIDE = 203 << 24 | 113 << 8 | 9;
    private static final int FIN = 0x01;
    private static final int SYN = 0x02;
    private static final int ACK = 0x10;
    private static final int PSH_ACK = 0x18;
    private static final java.lang.management.ThreadMXBean CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /** A segment due: when, which connection, which step of its life. */
    private record Due(long at, long order, int flow, int step) {}

    private final SplittableRandom random;
    private final double arrivalsPerNano;
    private final double longLivedShare;
    private final long gapNanos;
    private final long latencyNanos;
    private final PriorityQueue<Due> due =
            new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
    private long order;
    private volatile long now;
    private long nextArrival;

    // Per connection (index = flow id): when it ends (Long.MAX_VALUE: long-lived), segments sent and delivered per
    // direction, and whether one was delivered out of order.
    private long[] ends = new long[1 << 16];
    private int[][] sent = new int[2][1 << 16];
    private int[][] delivered = new int[2][1 << 16];
    private int[][] lastSeq = {filled(1 << 16), filled(1 << 16)};
    private boolean[] outOfOrder = new boolean[1 << 16];
    private int flows;

    final PmGraph oldGraph;
    final PmGraph newGraph;
    final TcpTracker oldTracker;
    final TcpTracker newTracker;
    private PmGraph wired;

    MigrationSim(long seed, int states, double longLivedShare, int gapMs, int latencyMs) throws ConfigException {
        this.random = new SplittableRandom(seed);
        this.arrivalsPerNano = states / 0.2 / 1e9; // Little's law: arrivals x mean duration (200 ms) = states
        this.longLivedShare = longLivedShare;
        this.gapNanos = gapMs * 1_000_000L;
        this.latencyNanos = latencyMs * 1_000_000L;
        this.oldGraph = graph();
        this.newGraph = graph();
        this.oldTracker = (TcpTracker) oldGraph.elements().get("t");
        this.newTracker = (TcpTracker) newGraph.elements().get("t");
        for (TcpTracker t : new TcpTracker[] {oldTracker, newTracker}) {
            t.gate().useClock(() -> now);
            t.gate().pacedRelease(false); // no PM socket to overflow in one process
        }
        oldTracker.gate().linkTo((port, packet, sequence) -> newTracker.gate().pushDaisyChained(port, packet));
        this.wired = oldGraph;
        this.nextArrival = arrivalGap();
    }

    private PmGraph graph() throws ConfigException {
        RuntimeContext context = new RuntimeContext(name -> new PacketIo() {
            @Override
            public Packet receive() {
                return null;
            }

            @Override
            public void send(Packet packet) {
                delivered(packet, name.equals("out") ? 0 : 1);
            }

            @Override
            public void close() {}
        });
        return PmGraph.build(GraphParser.parse(GRAPH), new ElementRegistry(null), context);
    }

    @Override
    public long nanos() {
        return now;
    }

    @Override
    public void sleep(long millis) {
        runUntil(now + millis * 1_000_000L);
    }

    /** Delivers every segment due up to {@code until} (new connections included) and sets the clock there. */
    void runUntil(long until) {
        while (true) {
            Due next = due.peek();
            long at = Math.min(next == null ? Long.MAX_VALUE : next.at, nextArrival);
            if (at > until) {
                break;
            }
            now = at;
            if (nextArrival == at) {
                open(at);
                nextArrival = at + arrivalGap();
            } else {
                due.poll();
                send(next.flow, next.step);
            }
        }
        now = until;
    }

    /** Long-lived connections, opened over the first 100 ms. */
    void openLongLived(int count) {
        for (int i = 0; i < count; i++) {
            int flow = newFlow(Long.MAX_VALUE);
            schedule(random.nextLong(100_000_000L), flow, 0);
        }
    }

    private long arrivalGap() {
        return Math.max(1, (long) (-Math.log(1 - random.nextDouble()) / arrivalsPerNano));
    }

    private void open(long at) {
        boolean longLived = random.nextDouble() < longLivedShare;
        // Pareto, shape 2, scale 100 ms: mean 200 ms.
        long duration = (long) (100_000_000L / Math.sqrt(1 - random.nextDouble()));
        int flow = newFlow(longLived ? Long.MAX_VALUE : at + duration);
        schedule(at, flow, 0);
    }

    private int newFlow(long end) {
        if (flows == ends.length) {
            int size = flows * 2;
            ends = Arrays.copyOf(ends, size);
            outOfOrder = Arrays.copyOf(outOfOrder, size);
            for (int d = 0; d < 2; d++) {
                sent[d] = Arrays.copyOf(sent[d], size);
                delivered[d] = Arrays.copyOf(delivered[d], size);
                int old = lastSeq[d].length;
                lastSeq[d] = Arrays.copyOf(lastSeq[d], size);
                Arrays.fill(lastSeq[d], old, size, -1);
            }
        }
        ends[flows] = end;
        return flows++;
    }

    private static int[] filled(int size) {
        int[] a = new int[size];
        Arrays.fill(a, -1);
        return a;
    }

    private void schedule(long at, int flow, int step) {
        due.add(new Due(at, order++, flow, step));
    }

    /**
     * Step 0 SYN (inside), 1 SYN-ACK, 2 ACK, then data every gap alternating sides until the end, then FIN from
     * each side and the last ACK. Steps of the close are numbered -1, -2, -3.
     */
    private void send(int flow, int step) {
        long t = now;
        switch (step) {
            case 0 -> {
                segment(flow, 0, SYN);
                schedule(t + 1_000_000L, flow, 1);
            }
            case 1 -> {
                segment(flow, 1, SYN | ACK);
                schedule(t + 1_000_000L, flow, 2);
            }
            case -1 -> {
                segment(flow, 0, FIN | ACK);
                schedule(t + 1_000_000L, flow, -2);
            }
            case -2 -> {
                segment(flow, 1, FIN | ACK);
                schedule(t + 1_000_000L, flow, -3);
            }
            case -3 -> segment(flow, 0, ACK);
            default -> {
                segment(flow, step % 2 == 0 ? 0 : 1, step == 2 ? ACK : PSH_ACK);
                long next = t + gapNanos;
                schedule(Math.min(next, Math.max(t + 1, ends[flow])), flow, next < ends[flow] ? step + 1 : -1);
            }
        }
    }

    /** A TCP segment of the connection from one side (0 inside, 1 outside), its sequence number in the seq field. */
    private void segment(int flow, int side, int flags) {
        byte[] frame = new byte[54];
        Packet p = Packet.ofFrame(frame);
        p.setU16(12, Packet.ETHERTYPE_IPV4);
        p.setU16(14, 0x4500);
        p.setU16(16, 40);
        p.setU16(22, 64 << 8 | Packet.PROTO_TCP);
        int inside = 10 << 24 | (flow / 60_000 + 1);
        int insidePort = 1024 + flow % 60_000;
        p.setU32(26, side == 0 ? inside : OUTSIDE);
        p.setU32(30, side == 0 ? OUTSIDE : inside);
        p.setU16(34, side == 0 ? insidePort : 80);
        p.setU16(36, side == 0 ? 80 : insidePort);
        p.setU32(38, sent[side][flow]++);
        p.setU16(46, 5 << 12 | flags);
        wired.elements().get("t").push(side, p);
    }

    private void delivered(Packet p, int side) {
        int inside = side == 0 ? p.ipSrc() : p.ipDst();
        int insidePort = side == 0 ? p.srcPort() : p.dstPort();
        int flow = ((inside & 0xffffff) - 1) * 60_000 + insidePort - 1024;
        int seq = p.u32(38);
        if (seq <= lastSeq[side][flow]) {
            outOfOrder[flow] = true; // a segment behind one already delivered (a lost one is counted as lost)
        }
        lastSeq[side][flow] = Math.max(lastSeq[side][flow], seq);
        delivered[side][flow]++;
    }

    /** The switch's part of a move: send every segment to the new tracker from now on. */
    Rewire rewire() {
        return new Rewire() {
            @Override
            public void toNew() {
                wired = newGraph;
            }

            @Override
            public void back() {
                wired = oldGraph;
            }
        };
    }

    /** The control channel to both trackers ("old", "new"), each request costing its CPU time plus the latency. */
    PmFlows control() {
        LocalControlChannel local = new LocalControlChannel(Map.of("old", oldGraph, "new", newGraph));
        return request -> {
            runUntil(now + latencyNanos / 2);
            // CPU time, not wall time: other processes on the machine do not make a request look slower.
            long start = CPU.getCurrentThreadCpuTime();
            Object answer = local.call(request);
            long cost = CPU.getCurrentThreadCpuTime() - start;
            runUntil(now + cost + latencyNanos - latencyNanos / 2);
            return answer;
        };
    }

    /**
     * Runs the control requests' code once outside the measured move (class loading, JSON mapping), so the first
     * request of a move does not charge the JVM's start-up to the simulated clock.
     */
    void warmUpControl() {
        LocalControlChannel local = new LocalControlChannel(Map.of("old", oldGraph, "new", newGraph));
        for (String op : new String[] {"elements", "count", "global"}) {
            local.call(new PmFlowsRequest("old", op, "t", "batch 0/1", null, null, null));
        }
        local.call(new PmFlowsRequest("old", "export", "t", "inside 192.0.2.0/24", null, null, null));
    }

    /** Connections with a segment that never left a tracker, or left out of order. */
    Outcome outcome() {
        int broken = 0;
        int disordered = 0;
        long lost = 0;
        long total = 0;
        for (int f = 0; f < flows; f++) {
            long missing = (long) sent[0][f] - delivered[0][f] + sent[1][f] - delivered[1][f];
            total += sent[0][f] + sent[1][f];
            lost += missing;
            if (missing > 0) {
                broken++;
            }
            if (outOfOrder[f]) {
                disordered++;
            }
        }
        return new Outcome(flows, total, lost, broken, disordered);
    }

    /** Over the whole run: connections, segments sent, segments never delivered, broken and disordered connections. */
    record Outcome(int connections, long segments, long lost, int broken, int disordered) {}

    /** Packets the two trackers' holds dropped because they were full (FlowGate.CAPACITY). */
    long holdOverflow() {
        return (Long) oldTracker.gate().stats().get("hold_overflow")
                + (Long) newTracker.gate().stats().get("hold_overflow");
    }

    /** Connections that have state at the old tracker now. */
    int statesAtOld() {
        return oldTracker.countFlows(org.flowstream.modulehost.state.FlowFilter.ALL);
    }
}
