package org.flowstream.modulehost.elements;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.flowstream.contracts.element.ElementConfiguration;
import org.flowstream.contracts.element.Signature;
import org.flowstream.contracts.element.StateKind;
import org.flowstream.contracts.records.modulehost.PmFlowState;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.Primitives;
import org.flowstream.modulehost.runtime.RuntimeContext;
import org.flowstream.modulehost.state.FlowFilter;
import org.flowstream.modulehost.state.FlowKey;
import org.flowstream.modulehost.state.FlowStateElement;

/**
 * A stateful TCP firewall: connections may be opened from the inside only, and a TCP segment of a connection it
 * has not seen open is dropped (counted), whichever side sent it. A connection is "opening" after the inside's
 * SYN, "established" after the outside's SYN-ACK, and forgotten after a RST, after FINs from both sides, or after
 * IDLE seconds without a segment (default 3600). Non-TCP traffic passes. Its connections can move to another
 * instance like a NAT's mappings (docs/migration.md): without that, a moved connection's next segment is dropped.
 *
 * <p>Input 0/output 0: inside to outside; input 1/output 1: outside to inside.
 */
@Signature(
        ports = "2/2",
        description =
                "stateful TCP firewall: connections open from the inside only (input 0/output 0 inside to outside, input 1/output 1 back); segments of connections it has not seen open are dropped; its connections can move to another instance",
        primitives = {Primitives.READ, Primitives.DROP},
        state = StateKind.FLOW,
        keywords = {
            @Signature.Keyword(
                    name = "IDLE",
                    type = "seconds",
                    defaultValue = "3600",
                    meaning = "how long an idle connection is remembered")
        },
        counters = {"connections", "passed", "dropped", "held", "held_total", "hold_overflow"})
public final class TcpTracker extends FlowStateElement {

    private static final int FIN = 0x01;
    private static final int SYN = 0x02;
    private static final int RST = 0x04;
    private static final int ACK = 0x10;

    /** One connection's progress; its fields change under the connection's own lock. */
    static final class Connection {
        final FlowKey key;
        String phase;
        boolean insideFin;
        boolean outsideFin;
        volatile long lastSeenNanos;

        Connection(FlowKey key, String phase, long lastSeenNanos) {
            this.key = key;
            this.phase = phase;
            this.lastSeenNanos = lastSeenNanos;
        }
    }

    /** By key as seen from the inside: (inside address, port, outside address, port). */
    private final Map<FlowKey, Connection> connections = new ConcurrentHashMap<>();

    private final LongAdder passed = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    @Override
    public void configure(ElementConfiguration configuration, RuntimeContext context) {
        configureIdle(configuration.integer("IDLE"));
    }

    public TcpTracker() {
        super(3600);
    }

    @Override
    protected void process(int port, Packet packet) {
        FlowKey key = flowOf(port, packet);
        if (key == null) {
            output(port, packet);
            return;
        }
        int flags = packet.u8(packet.l4Offset() + 13);
        Connection c = connections.get(key);
        if (c == null && port == 0 && (flags & (SYN | ACK)) == SYN) {
            c = connections.computeIfAbsent(key, k -> new Connection(k, "opening", now()));
        }
        if (c == null) {
            dropped.increment();
            return;
        }
        c.lastSeenNanos = now();
        synchronized (c) {
            if ((flags & RST) != 0) {
                connections.remove(key, c);
            } else if (port == 1 && (flags & (SYN | ACK)) == (SYN | ACK)) {
                c.phase = "established";
            } else if ((flags & FIN) != 0) {
                c.insideFin |= port == 0;
                c.outsideFin |= port == 1;
                c.phase = c.insideFin && c.outsideFin ? "closing" : c.phase;
            } else if (c.phase.equals("closing") && (flags & ACK) != 0) {
                connections.remove(key, c); // the last ACK
            }
        }
        passed.increment();
        output(port, packet);
    }

    @Override
    public int expireIdle(long nowNanos) {
        return gate.exclusively(() -> {
            int n = 0;
            for (Connection c : List.copyOf(connections.values())) {
                if (expires(c.key, c.lastSeenNanos, nowNanos)) {
                    connections.remove(c.key, c);
                    n++;
                }
            }
            return n;
        });
    }

    @Override
    public boolean hasState(FlowKey key) {
        return connections.containsKey(key);
    }

    @Override
    public int countFlows(FlowFilter filter) {
        int n = 0;
        for (FlowKey key : connections.keySet()) {
            if (filter.matches(key)) {
                n++;
            }
        }
        return n;
    }

    /** Segments dropped as not belonging to a connection seen open. */
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public FlowKey flowOf(int port, Packet packet) {
        if (!packet.isIpv4() || packet.ipProtocol() != Packet.PROTO_TCP || packet.l4Offset() < 0) {
            return null;
        }
        return port == 0
                ? new FlowKey(
                        Packet.PROTO_TCP, packet.ipSrc(), packet.srcPort(), packet.ipDst(), packet.dstPort(), 0, 0)
                : new FlowKey(
                        Packet.PROTO_TCP, packet.ipDst(), packet.dstPort(), packet.ipSrc(), packet.srcPort(), 0, 0);
    }

    @Override
    public List<PmFlowState> exportFlows(FlowFilter filter) {
        return gate.exclusively(() -> {
            long now = now();
            List<PmFlowState> states = new ArrayList<>();
            for (Connection c : connections.values()) {
                if (filter.matches(c.key)) {
                    synchronized (c) {
                        String phase =
                                c.phase + (c.insideFin ? "+inside_fin" : "") + (c.outsideFin ? "+outside_fin" : "");
                        states.add(c.key.toState(now - c.lastSeenNanos, phase));
                    }
                }
            }
            return states;
        });
    }

    @Override
    public void importFlows(List<PmFlowState> states) {
        gate.exclusively(() -> {
            List<Connection> imported = new ArrayList<>();
            for (PmFlowState s : states) {
                FlowKey key = FlowKey.of(s);
                String[] phase = s.phase().split("\\+");
                if (key.protocol() != Packet.PROTO_TCP
                        || key.inside() == 0
                        || key.outside() == 0
                        || !List.of("opening", "established", "closing").contains(phase[0])) {
                    throw new IllegalArgumentException("cannot import %s %s:%d <-> %s:%d (%s): a TCP connection "
                                    .formatted(
                                            s.protocol(),
                                            s.inside(),
                                            s.insidePort(),
                                            s.outside(),
                                            s.outsidePort(),
                                            s.phase())
                            + "needs both endpoints and a phase of opening, established or closing");
                }
                if (connections.containsKey(key)) {
                    throw new IllegalArgumentException("cannot import %s:%d <-> %s:%d: this tracker has it already"
                            .formatted(s.inside(), s.insidePort(), s.outside(), s.outsidePort()));
                }
                Connection c = new Connection(key, phase[0], now() - FlowKey.idleNanos(s));
                c.insideFin = s.phase().contains("+inside_fin");
                c.outsideFin = s.phase().contains("+outside_fin");
                imported.add(c);
            }
            imported.forEach(c -> connections.put(c.key, c));
            return imported.size();
        });
    }

    @Override
    public int deleteFlows(FlowFilter filter) {
        return gate.exclusively(() -> {
            int n = 0;
            for (Connection c : List.copyOf(connections.values())) {
                if (filter.matches(c.key) && connections.remove(c.key, c)) {
                    n++;
                }
            }
            return n;
        });
    }

    @Override
    public Map<String, Object> globalState() {
        return Map.of("connections", connections.size(), "idle_seconds", idleNanos() / 1_000_000_000L);
    }

    @Override
    public Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("connections", connections.size());
        stats.put("passed", passed.sum());
        stats.put("dropped", dropped.sum());
        stats.putAll(gate.stats());
        return stats;
    }
}
