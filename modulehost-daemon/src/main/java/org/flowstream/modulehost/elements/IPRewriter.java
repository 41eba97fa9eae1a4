package org.flowstream.modulehost.elements;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.flowstream.contracts.element.Signature;
import org.flowstream.contracts.element.StateKind;
import org.flowstream.contracts.net.Ipv4Address;
import org.flowstream.modulehost.runtime.Checksums;
import org.flowstream.modulehost.runtime.ConfigException;
import org.flowstream.modulehost.runtime.Element;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.Primitives;
import org.flowstream.modulehost.runtime.RuntimeContext;

/**
 * A source NAT with endpoint-independent mapping (RFC 4787 REQ-1, the behaviour §2.2.3 cites): an internal
 * (protocol, address, port) keeps the same external port whatever the destination, so peer-to-peer
 * applications can learn their public endpoint. Filtering is endpoint-independent too: once a mapping exists,
 * packets from any remote host to the external endpoint are let in.
 *
 * <p>Input 0 takes traffic from the inside, rewritten to leave on output 0; input 1 takes traffic from the
 * outside, translated back and sent out of output 1. TCP and UDP are translated; other IPv4 traffic is dropped
 * (counted); non-IP frames such as ARP pass through unchanged. Mappings do not expire in this version.
 */
@Signature(
        ports = "2/2",
        description =
                "source NAT with endpoint-independent mapping: input 0/output 0 inside to outside (source rewritten to EXTERNAL:port), input 1/output 1 outside to inside (destination translated back); TCP and UDP only",
        primitives = {Primitives.READ, Primitives.WRITE, Primitives.DROP},
        state = StateKind.FLOW,
        keywords = {
            @Signature.Keyword(
                    name = "EXTERNAL",
                    type = "IPv4 address",
                    required = true,
                    meaning = "the address traffic leaves with"),
            @Signature.Keyword(
                    name = "PORTS",
                    type = "port range",
                    defaultValue = "20000-29999",
                    meaning = "the external ports mappings use, LOW-HIGH")
        },
        counters = {"mappings", "translated", "untranslatable", "unsolicited"})
public final class IPRewriter extends Element {

    /** An internal endpoint: protocol, address, port. */
    record Endpoint(int protocol, int address, int port) {}

    private int external;
    private int portLow = 20000;
    private int portHigh = 29999;
    private int nextPort;
    private final Map<Endpoint, Integer> outbound = new ConcurrentHashMap<>();
    /** (protocol << 16 | external port) to internal endpoint. */
    private final Map<Integer, Endpoint> inbound = new ConcurrentHashMap<>();

    private final LongAdder translated = new LongAdder();
    private final LongAdder untranslatable = new LongAdder();
    private final LongAdder unsolicited = new LongAdder();

    @Override
    public void configure(List<String> args, RuntimeContext context) throws ConfigException {
        boolean haveExternal = false;
        for (String arg : args) {
            String[] kv = arg.trim().split("\\s+", 2);
            if (kv.length != 2) {
                throw new ConfigException(
                        "IPRewriter arguments are 'EXTERNAL a.b.c.d' and 'PORTS low-high', got '" + arg + "'");
            }
            try {
                switch (kv[0].toUpperCase(java.util.Locale.ROOT)) {
                    case "EXTERNAL" -> {
                        external = Ipv4Address.parse(kv[1]).bits();
                        haveExternal = true;
                    }
                    case "PORTS" -> {
                        String[] range = kv[1].split("-");
                        portLow = Integer.parseInt(range[0].trim());
                        portHigh = Integer.parseInt(range[range.length - 1].trim());
                        if (portLow < 1 || portHigh > 65535 || portHigh < portLow) {
                            throw new ConfigException("PORTS must be a range within 1-65535, got " + kv[1]);
                        }
                    }
                    default ->
                        throw new ConfigException("unknown IPRewriter argument '" + kv[0] + "' (EXTERNAL, PORTS)");
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException("IPRewriter: " + e.getMessage());
            }
        }
        if (!haveExternal) {
            throw new ConfigException("IPRewriter needs EXTERNAL a.b.c.d, the address traffic leaves with");
        }
        nextPort = portLow;
    }

    @Override
    public void push(int port, Packet packet) {
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
            Integer mapped = outbound.get(inside);
            if (mapped == null) {
                mapped = allocate(inside);
                if (mapped == null) {
                    untranslatable.increment(); // port range exhausted
                    return;
                }
            }
            rewrite(packet, true, external, mapped);
            translated.increment();
            output(0, packet);
        } else {
            Endpoint inside = packet.ipDst() == external ? inbound.get(proto << 16 | packet.dstPort()) : null;
            if (inside == null) {
                unsolicited.increment();
                return;
            }
            rewrite(packet, false, inside.address(), inside.port());
            translated.increment();
            output(1, packet);
        }
    }

    private synchronized Integer allocate(Endpoint inside) {
        Integer existing = outbound.get(inside);
        if (existing != null) {
            return existing;
        }
        int span = portHigh - portLow + 1;
        for (int i = 0; i < span; i++) {
            int candidate = nextPort;
            nextPort = nextPort == portHigh ? portLow : nextPort + 1;
            int key = inside.protocol() << 16 | candidate;
            if (!inbound.containsKey(key)) {
                inbound.put(key, inside);
                outbound.put(inside, candidate);
                return candidate;
            }
        }
        return null;
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
        return outbound.get(new Endpoint(protocol, address, port));
    }

    @Override
    public Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("mappings", outbound.size());
        stats.put("translated", translated.sum());
        stats.put("untranslatable", untranslatable.sum());
        stats.put("unsolicited", unsolicited.sum());
        return stats;
    }
}
