package org.flowstream.modulehost.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.flowstream.contracts.net.Ipv4Address;

/** In-memory packet I/O for element tests: what was sent per interface. */
public final class FakeDevices {

    public final Map<String, List<Packet>> sent = new ConcurrentHashMap<>();

    /** The interface of every frame sent, in the order they left (across interfaces). */
    public final List<String> sendOrder = java.util.Collections.synchronizedList(new ArrayList<>());

    /** Each call that sent frames, as a system call would: the interface and the frames, in order. */
    public final List<Call> calls = java.util.Collections.synchronizedList(new ArrayList<>());

    /** One send call on an interface. */
    public record Call(String ifname, List<Packet> frames) {}

    public RuntimeContext context() {
        return new RuntimeContext(name -> new PacketIo() {
            @Override
            public Packet receive() {
                return null;
            }

            @Override
            public void send(Packet packet) {
                send(new Packet[] {packet}, 1);
            }

            @Override
            public void send(Packet[] packets, int count) {
                List<Packet> frames = List.of(java.util.Arrays.copyOf(packets, count));
                calls.add(new Call(name, frames));
                sent.computeIfAbsent(name, n -> new ArrayList<>()).addAll(frames);
                frames.forEach(f -> sendOrder.add(name));
            }

            @Override
            public void close() {}
        });
    }

    /** An Ethernet/IPv4/UDP or TCP frame with correct checksums. */
    public static Packet ipv4(int proto, String src, int sport, String dst, int dport, int payload) {
        int l4len = (proto == Packet.PROTO_TCP ? 20 : 8) + payload;
        byte[] f = new byte[14 + 20 + l4len];
        f[12] = 0x08;
        Packet p = Packet.ofFrame(f);
        p.setU16(14, 0x4500);
        p.setU16(16, 20 + l4len);
        p.setU16(22, 64 << 8 | proto);
        p.setU32(26, Ipv4Address.parse(src).bits());
        p.setU32(30, Ipv4Address.parse(dst).bits());
        Checksums.fixIpHeader(p);
        p.setU16(34, sport);
        p.setU16(36, dport);
        if (proto == Packet.PROTO_UDP) {
            p.setU16(38, l4len);
        } else {
            p.setU16(46, 5 << 12);
        }
        p.setU16(34 + (proto == Packet.PROTO_TCP ? 16 : 6), l4Checksum(p));
        return p;
    }

    /** The TCP/UDP checksum the frame should carry, computed from scratch. */
    public static int l4Checksum(Packet p) {
        int proto = p.ipProtocol();
        int l4 = p.l4Offset();
        int len = p.length() - l4;
        int field = l4 + (proto == Packet.PROTO_TCP ? 16 : 6);
        byte[] copy = p.frame();
        copy[field] = 0;
        copy[field + 1] = 0;
        int sum = Checksums.sum(copy, 26, 8, 0) + proto + len;
        sum = Checksums.sum(copy, l4, len, sum);
        int c = Checksums.fold(sum);
        return proto == Packet.PROTO_UDP && c == 0 ? 0xffff : c;
    }
}
