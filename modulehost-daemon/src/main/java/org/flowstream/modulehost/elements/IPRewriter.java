package org.flowstream.modulehost.elements;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.flowstream.contracts.element.ElementConfiguration;
import org.flowstream.contracts.element.Signature;
import org.flowstream.contracts.element.StateKind;
import org.flowstream.contracts.net.Ipv4Address;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.flowstream.contracts.records.modulehost.PmFlowState;
import org.flowstream.modulehost.runtime.Checksums;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.Primitives;
import org.flowstream.modulehost.runtime.RuntimeContext;
import org.flowstream.modulehost.state.FlowFilter;
import org.flowstream.modulehost.state.FlowKey;
import org.flowstream.modulehost.state.FlowStateElement;
import org.flowstream.modulehost.state.StatefulElement;

/**
 * A carrier-grade NAT (RFC 6888) with endpoint-independent mapping (RFC 4787 REQ-1, the behaviour §2.2.3 cites):
 * an internal (protocol, address, port) keeps the same external port whatever the destination, so peer-to-peer
 * applications can learn their public endpoint. Filtering is endpoint-independent too: once a mapping exists,
 * packets from any remote host to the external endpoint are let in.
 *
 * <p>Arguments: {@code EXTERNAL} an address or a prefix (the pool, e.g. 198.51.100.0/30), {@code PORTS low-high}
 * (default 20000-29999), {@code IDLE seconds} (default 300): a mapping unused that long expires and gives its port
 * back. Paired pooling (RFC 4787 REQ-2): all mappings of one internal address use the same external address,
 * chosen when its first mapping is made (the least used one) and kept while it has any. With {@code PAIR_PREFIX n}
 * the pairing is fixed instead: every internal address of one /n prefix uses the pool address numbered by that
 * prefix (its number modulo the pool's size). All instances of a scaling group then pair alike, so the flows of one
 * inside /n prefix are exactly the flows of one external address: the load balancer can split the inside traffic
 * by prefix and the return traffic by external address, and a prefix moves to another instance with its state
 * (docs/migration.md, "Scale-out").
 *
 * <p>Input 0 takes traffic from the inside, rewritten to leave on output 0; input 1 takes traffic from the
 * outside, translated back and sent out of output 1. TCP and UDP are translated; other IPv4 traffic is dropped
 * (counted); non-IP frames such as ARP pass through unchanged. Its mappings can move to another instance
 * ({@link StatefulElement}, docs/migration.md): moving by external address keeps all flows of one external
 * address together (§2.3.4), so the return traffic to that address has one instance to go to.
 */
@Signature(
        ports = "2/2",
        description =
                "carrier-grade NAT with endpoint-independent mapping and paired pooling: input 0/output 0 inside to outside (source rewritten to an EXTERNAL address and port), input 1/output 1 outside to inside (destination translated back); TCP and UDP only; mappings expire when idle and can move to another instance",
        primitives = {Primitives.READ, Primitives.WRITE, Primitives.DROP},
        state = StateKind.FLOW,
        keywords = {
            @Signature.Keyword(
                    name = "EXTERNAL",
                    type = "IPv4 address or prefix",
                    required = true,
                    meaning = "the address (or pool of at most 256) traffic leaves with"),
            @Signature.Keyword(
                    name = "PORTS",
                    type = "port range",
                    defaultValue = "20000-29999",
                    meaning = "the external ports mappings use, LOW-HIGH"),
            @Signature.Keyword(
                    name = "IDLE",
                    type = "seconds",
                    defaultValue = "300",
                    meaning = "how long an unused mapping lives"),
            @Signature.Keyword(
                    name = "PAIR_PREFIX",
                    type = "integer 1-32",
                    meaning =
                            "pair by prefix: every inside address of one /n uses the pool address numbered by that /n (for a scaling group); without it, the least used one")
        },
        counters = {
            "mappings",
            "translated",
            "untranslatable",
            "unsolicited",
            "expired",
            "held",
            "held_total",
            "hold_overflow"
        })
public final class IPRewriter extends FlowStateElement {

    /** An internal endpoint: protocol, address, port. */
    record Endpoint(int protocol, int address, int port) {}

    /** One translation: an internal endpoint and the external address and port it leaves with. */
    static final class Mapping {
        final Endpoint inside;
        final int external;
        final int externalPort;
        volatile long lastUsedNanos;

        Mapping(Endpoint inside, int external, int externalPort, long lastUsedNanos) {
            this.inside = inside;
            this.external = external;
            this.externalPort = externalPort;
            this.lastUsedNanos = lastUsedNanos;
        }

        FlowKey key() {
            return new FlowKey(inside.protocol(), inside.address(), inside.port(), 0, 0, external, externalPort);
        }
    }

    /** An internal address's external address and how many mappings use the pairing. */
    record Pairing(int external, int mappings) {}

    private int[] pool;
    private int portLow = 20000;
    private int portHigh = 29999;
    /** With PAIR_PREFIX n: 32 - n, the shift that gives an inside address's /n number; -1: least-used pairing. */
    private int pairShift = -1;
    /** Per pool address, the next port to try. */
    private int[] nextPort;

    private final Map<Endpoint, Mapping> outbound = new ConcurrentHashMap<>();
    /** (protocol, external address, external port) to mapping. */
    private final Map<Long, Mapping> inbound = new ConcurrentHashMap<>();
    /** Internal address to its external address (paired pooling); changed only under this element's lock. */
    private final Map<Integer, Pairing> pairings = new HashMap<>();
    /** External ports another instance still uses during a move (inbound keys): never given to a new flow here. */
    private final Set<Long> reserved = ConcurrentHashMap.newKeySet();

    private final LongAdder translated = new LongAdder();
    private final LongAdder untranslatable = new LongAdder();
    private final LongAdder unsolicited = new LongAdder();
    private final LongAdder expired = new LongAdder();

    @Override
    public void configure(ElementConfiguration configuration, RuntimeContext context) {
        pool = pool(configuration.prefix("EXTERNAL"));
        portLow = configuration.portRange("PORTS").low();
        portHigh = configuration.portRange("PORTS").high();
        configureIdle(configuration.integer("IDLE"));
        pairShift = configuration.has("PAIR_PREFIX") ? 32 - configuration.integer("PAIR_PREFIX") : -1;
        nextPort = new int[pool.length];
        java.util.Arrays.fill(nextPort, portLow);
    }

    /** The pool's addresses: every address of the prefix (the signature's type holds it to 256 at most). */
    private static int[] pool(Ipv4Prefix prefix) {
        int[] pool = new int[(int) prefix.size()];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = prefix.bits() + i;
        }
        return pool;
    }

    public IPRewriter() {
        super(300);
    }

    @Override
    protected void process(int port, Packet packet) {
        if (!packet.isIpv4()) {
            output(port, packet);
            return;
        }
        int proto = packet.ipProtocol();
        if ((proto != Packet.PROTO_TCP && proto != Packet.PROTO_UDP) || packet.l4Offset() < 0) {
            untranslatable.increment();
            return;
        }
        if (port == 0) {
            Endpoint inside = new Endpoint(proto, packet.ipSrc(), packet.srcPort());
            Mapping mapping = outbound.get(inside);
            if (mapping == null) {
                mapping = allocate(inside);
                if (mapping == null) {
                    untranslatable.increment(); // port range exhausted
                    return;
                }
            }
            mapping.lastUsedNanos = now();
            rewrite(packet, true, mapping.external, mapping.externalPort);
            translated.increment();
            output(0, packet);
        } else {
            Mapping mapping = inbound.get(inboundKey(proto, packet.ipDst(), packet.dstPort()));
            if (mapping == null) {
                unsolicited.increment();
                return;
            }
            mapping.lastUsedNanos = now();
            rewrite(packet, false, mapping.inside.address(), mapping.inside.port());
            translated.increment();
            output(1, packet);
        }
    }

    private static long inboundKey(int protocol, int external, int port) {
        return (long) protocol << 48 | (external & 0xffffffffL) << 16 | port;
    }

    private synchronized Mapping allocate(Endpoint inside) {
        Mapping existing = outbound.get(inside);
        if (existing != null) {
            return existing;
        }
        Pairing pairing = pairings.get(inside.address());
        int slot = pairing != null ? slotOf(pairing.external()) : slotFor(inside.address());
        int external = pool[slot];
        int span = portHigh - portLow + 1;
        for (int i = 0; i < span; i++) {
            int candidate = nextPort[slot];
            nextPort[slot] = candidate == portHigh ? portLow : candidate + 1;
            long key = inboundKey(inside.protocol(), external, candidate);
            if (!inbound.containsKey(key) && !reserved.contains(key)) {
                Mapping mapping = new Mapping(inside, external, candidate, now());
                add(mapping);
                return mapping;
            }
        }
        return null;
    }

    private int slotOf(int external) {
        for (int i = 0; i < pool.length; i++) {
            if (pool[i] == external) {
                return i;
            }
        }
        throw new IllegalStateException("paired with an address outside the pool");
    }

    /** The pool slot a new internal address pairs with: its prefix's (PAIR_PREFIX) or the least used one. */
    private int slotFor(int insideAddress) {
        if (pairShift < 0) {
            return leastPaired();
        }
        long prefixNumber = pairShift == 32 ? 0 : (insideAddress & 0xffffffffL) >>> pairShift;
        return (int) (prefixNumber % pool.length);
    }

    /** The pool address fewest internal addresses are paired with. */
    private int leastPaired() {
        int[] users = new int[pool.length];
        for (Pairing p : pairings.values()) {
            users[slotOf(p.external())]++;
        }
        int best = 0;
        for (int i = 1; i < users.length; i++) {
            if (users[i] < users[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Adds a mapping and its pairing; under this element's lock. */
    private void add(Mapping mapping) {
        inbound.put(inboundKey(mapping.inside.protocol(), mapping.external, mapping.externalPort), mapping);
        outbound.put(mapping.inside, mapping);
        pairings.merge(
                mapping.inside.address(),
                new Pairing(mapping.external, 1),
                (old, one) -> new Pairing(old.external(), old.mappings() + 1));
    }

    /** Removes a mapping and, with its last one, the internal address's pairing; under this element's lock. */
    private void remove(Mapping mapping) {
        if (!outbound.remove(mapping.inside, mapping)) {
            return;
        }
        inbound.remove(inboundKey(mapping.inside.protocol(), mapping.external, mapping.externalPort), mapping);
        pairings.computeIfPresent(
                mapping.inside.address(),
                (address, p) -> p.mappings() <= 1 ? null : new Pairing(p.external(), p.mappings() - 1));
    }

    @Override
    public int expireIdle(long nowNanos) {
        List<Mapping> idle = new ArrayList<>();
        for (Mapping m : outbound.values()) {
            if (expires(m.key(), m.lastUsedNanos, nowNanos)) {
                idle.add(m);
            }
        }
        if (idle.isEmpty()) {
            return 0;
        }
        return gate.exclusively(() -> {
            int n = 0;
            synchronized (this) {
                for (Mapping m : idle) {
                    if (expires(m.key(), m.lastUsedNanos, nowNanos)) {
                        remove(m);
                        n++;
                    }
                }
            }
            expired.add(n);
            return n;
        });
    }

    @Override
    public FlowKey flowOf(int port, Packet packet) {
        if (!packet.isIpv4() || packet.l4Offset() < 0) {
            return null;
        }
        int proto = packet.ipProtocol();
        if (proto != Packet.PROTO_TCP && proto != Packet.PROTO_UDP) {
            return null;
        }
        if (port == 0) {
            Mapping m = outbound.get(new Endpoint(proto, packet.ipSrc(), packet.srcPort()));
            if (m != null) {
                return m.key();
            }
            int external;
            synchronized (this) {
                Pairing pairing = pairings.get(packet.ipSrc());
                external = pairing != null ? pairing.external() : pool[slotFor(packet.ipSrc())];
            }
            // A new flow: it will leave with its address's pairing, or the address a first mapping would get (so
            // freezing or daisy-chaining an external address also covers the flows that would join it).
            return new FlowKey(proto, packet.ipSrc(), packet.srcPort(), 0, 0, external, 0);
        }
        Mapping m = inbound.get(inboundKey(proto, packet.ipDst(), packet.dstPort()));
        return m == null ? new FlowKey(proto, 0, 0, 0, 0, packet.ipDst(), packet.dstPort()) : m.key();
    }

    @Override
    public boolean hasState(FlowKey key) {
        if (key.inside() == 0 || key.externalPort() == 0) {
            return false; // flowOf's key of a packet that found no mapping
        }
        Mapping m = outbound.get(new Endpoint(key.protocol(), key.inside(), key.insidePort()));
        return m != null && m.externalPort == key.externalPort();
    }

    @Override
    public int countFlows(FlowFilter filter) {
        int n = 0;
        for (Mapping m : outbound.values()) {
            if (filter.matches(m.key())) {
                n++;
            }
        }
        return n;
    }

    @Override
    public boolean stateChangesOnlyByExpiry() {
        return true;
    }

    @Override
    public void reserveFlows(List<PmFlowState> states) {
        Set<Long> ports = new java.util.HashSet<>();
        for (PmFlowState state : states) {
            FlowKey key = FlowKey.of(state);
            ports.add(inboundKey(key.protocol(), key.external(), key.externalPort()));
        }
        synchronized (this) {
            reserved.clear();
            reserved.addAll(ports);
        }
    }

    @Override
    public List<PmFlowState> exportFlows(FlowFilter filter) {
        return gate.exclusively(() -> {
            long now = now();
            List<PmFlowState> states = new ArrayList<>();
            for (Mapping m : outbound.values()) {
                FlowKey key = m.key();
                if (filter.matches(key)) {
                    states.add(key.toState(now - m.lastUsedNanos, ""));
                }
            }
            return states;
        });
    }

    @Override
    public void importFlows(List<PmFlowState> states) {
        gate.exclusively(() -> {
            synchronized (this) {
                List<Mapping> mappings = new ArrayList<>();
                Map<Mapping, Long> refreshed = new HashMap<>();
                for (PmFlowState state : states) {
                    Mapping same = sameMapping(state);
                    if (same != null) {
                        refreshed.merge(same, now() - FlowKey.idleNanos(state), Math::max);
                    } else {
                        mappings.add(importable(state, mappings));
                    }
                }
                mappings.forEach(this::add);
                // Copy-and-refresh (§2.3.3): a mapping copied earlier only gets its last use from the later copy.
                refreshed.forEach((m, lastUsed) -> m.lastUsedNanos = Math.max(m.lastUsedNanos, lastUsed));
                return mappings.size() + refreshed.size();
            }
        });
    }

    /** The mapping here that is exactly the state's (the same endpoint, address and port), or null. */
    private Mapping sameMapping(PmFlowState state) {
        FlowKey key = FlowKey.of(state);
        Mapping mine = outbound.get(new Endpoint(key.protocol(), key.inside(), key.insidePort()));
        return mine != null && mine.external == key.external() && mine.externalPort == key.externalPort() ? mine : null;
    }

    /** The mapping a state becomes here, or an IllegalArgumentException saying why it cannot be imported. */
    private Mapping importable(PmFlowState state, List<Mapping> before) {
        FlowKey key = FlowKey.of(state);
        Endpoint inside = new Endpoint(key.protocol(), key.inside(), key.insidePort());
        String what = "%s %s:%d -> %s:%d"
                .formatted(
                        state.protocol(), state.inside(), state.insidePort(), state.external(), state.externalPort());
        if (key.inside() == 0 || key.insidePort() == 0 || key.externalPort() == 0) {
            throw new IllegalArgumentException("cannot import " + what + ": a NAT mapping needs the inside address "
                    + "and port and the external port");
        }
        if (java.util.Arrays.stream(pool).noneMatch(a -> a == key.external())) {
            throw new IllegalArgumentException(
                    "cannot import " + what + ": " + state.external() + " is not in this NAT's pool");
        }
        Mapping taken = inbound.get(inboundKey(key.protocol(), key.external(), key.externalPort()));
        Mapping mine = outbound.get(inside);
        if (taken != null || mine != null) {
            throw new IllegalArgumentException("cannot import " + what + ": this NAT already maps "
                    + (taken != null ? "that external port" : "that inside endpoint") + " otherwise");
        }
        Pairing pairing = pairings.get(key.inside());
        int paired = pairing != null
                ? pairing.external()
                : pairShift >= 0 ? pool[slotFor(key.inside())] : pairedBefore(before, key.inside());
        if (paired != 0 && paired != key.external()) {
            throw new IllegalArgumentException("cannot import " + what + ": " + state.inside() + " is paired with "
                    + Ipv4Address.format(paired) + " here");
        }
        for (Mapping m : before) {
            if (m.inside.equals(inside)) {
                throw new IllegalArgumentException("cannot import " + what + ": it is in the list twice");
            }
        }
        return new Mapping(inside, key.external(), key.externalPort(), now() - FlowKey.idleNanos(state));
    }

    private static int pairedBefore(List<Mapping> before, int insideAddress) {
        for (Mapping m : before) {
            if (m.inside.address() == insideAddress) {
                return m.external;
            }
        }
        return 0;
    }

    @Override
    public int deleteFlows(FlowFilter filter) {
        return gate.exclusively(() -> {
            synchronized (this) {
                int n = 0;
                for (Mapping m : List.copyOf(outbound.values())) {
                    if (filter.matches(m.key())) {
                        remove(m);
                        n++;
                    }
                }
                return n;
            }
        });
    }

    @Override
    public Map<String, Object> globalState() {
        Map<String, Object> global = new LinkedHashMap<>();
        synchronized (this) {
            Map<String, Object> byAddress = new LinkedHashMap<>();
            for (int i = 0; i < pool.length; i++) {
                int address = pool[i];
                long used = outbound.values().stream()
                        .filter(m -> m.external == address)
                        .count();
                long paired = pairings.values().stream()
                        .filter(p -> p.external() == address)
                        .count();
                byAddress.put(
                        Ipv4Address.format(address),
                        Map.of(
                                "ports_used",
                                used,
                                "ports_free",
                                (portHigh - portLow + 1) * 2L - used,
                                "paired_addresses",
                                paired));
            }
            global.put("pool", byAddress);
        }
        global.put("ports", portLow + "-" + portHigh);
        global.put("reserved_ports", reserved.size());
        global.put("idle_seconds", idleNanos() / 1_000_000_000L);
        return global;
    }

    /** Rewrites the source (or destination) address and port, updating the IP and TCP/UDP checksums. */
    static void rewrite(Packet p, boolean source, int address, int port) {
        int l3 = p.l3Offset();
        int l4 = p.l4Offset();
        int addrOffset = l3 + (source ? 12 : 16);
        int portOffset = l4 + (source ? 0 : 2);
        int oldAddress = p.u32(addrOffset);
        int oldPort = p.u16(portOffset);
        p.setU32(addrOffset, address);
        p.setU16(portOffset, port);
        p.setU16(l3 + 10, Checksums.update32(p.u16(l3 + 10), oldAddress, address));
        int proto = p.ipProtocol();
        int csumOffset = l4 + (proto == Packet.PROTO_TCP ? 16 : 6);
        int csum = p.u16(csumOffset);
        if (p.needsChecksum()) {
            // Offloaded (GSO) packet: the field holds the uncomplemented pseudo-header sum, which covers the
            // addresses but not the ports; the kernel adds the rest when it segments.
            p.setU16(csumOffset, ~Checksums.update32(~csum & 0xffff, oldAddress, address) & 0xffff);
            return;
        }
        if (proto == Packet.PROTO_UDP && csum == 0) {
            return; // UDP without a checksum stays without one
        }
        csum = Checksums.update32(csum, oldAddress, address);
        csum = Checksums.update16(csum, oldPort, port);
        p.setU16(csumOffset, proto == Packet.PROTO_UDP && csum == 0 ? 0xffff : csum);
    }

    /** The external port an internal endpoint is mapped to, if any (tests). */
    public Integer mappingOf(int protocol, int address, int port) {
        Mapping m = outbound.get(new Endpoint(protocol, address, port));
        return m == null ? null : m.externalPort;
    }

    @Override
    public Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("mappings", outbound.size());
        stats.put("translated", translated.sum());
        stats.put("untranslatable", untranslatable.sum());
        stats.put("unsolicited", unsolicited.sum());
        stats.put("expired", expired.sum());
        stats.putAll(gate.stats());
        return stats;
    }
}
