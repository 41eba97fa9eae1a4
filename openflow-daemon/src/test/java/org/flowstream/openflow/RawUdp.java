package org.flowstream.openflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Real test traffic for the switch: whole Ethernet frames (IPv4/UDP, checksums computed here) written to an
 * interface in a network namespace with an AF_PACKET socket, so any source address can be used without
 * configuring it, and the packet counters of the switch's ports read back with ovs-ofctl.
 */
final class RawUdp {

    private RawUdp() {}

    private static final String SENDER = """
            import socket, struct, sys
            def csum(b):
                if len(b) % 2: b += b'\\0'
                s = sum(struct.unpack('!%dH' % (len(b) // 2), b)); s = (s >> 16) + (s & 0xffff); s += s >> 16
                return (~s) & 0xffff
            s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
            s.bind((sys.argv[1], 0))
            sent = 0
            for item in sys.argv[2].split(';'):
                src, dst, n = item.split(',')
                payload = b'flowstream-test'
                udp = struct.pack('!HHHH', 40000, 9, 8 + len(payload), 0) + payload
                ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, socket.inet_aton(src), socket.inet_aton(dst))
                ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
                frame = b'\\x02\\x00\\x00\\x00\\x00\\x02' + b'\\x02\\x00\\x00\\x00\\x00\\x01' + b'\\x08\\x00' + ip + udp
                for i in range(int(n)):
                    s.send(frame)
                    sent += 1
            print('sent %d' % sent)
            """;

    /** A batch of identical packets. */
    record Flow(String src, String dst, int count) {}

    /** Sends the flows out of {@code dev} in namespace {@code ns}; returns the number of frames sent. */
    static int send(String ns, String dev, List<Flow> flows) {
        List<String> items = new ArrayList<>();
        flows.forEach(f -> items.add(f.src() + "," + f.dst() + "," + f.count()));
        String out = Shell.run("ip", "netns", "exec", ns, python(), "-c", SENDER, dev, String.join(";", items));
        return Integer.parseInt(out.trim().replace("sent ", ""));
    }

    /**
     * Turns IPv6 off on every interface of the switch's namespace and of the given namespaces: the kernel
     * would otherwise send neighbour discovery and MLD packets of its own out of them now and then, which the
     * port counters would count beside the test's packets.
     */
    static void quietIpv6(OvsTestSwitch sw, String... namespaces) {
        List<String> all = new ArrayList<>(List.of(namespaces));
        sw.ovs.netns().ifPresent(all::add);
        for (String ns : all) {
            String links = Shell.run("ip", "netns", "exec", ns, "ls", "/proc/sys/net/ipv6/conf");
            for (String dev : links.split("\\s+")) {
                if (!dev.isBlank()) {
                    Shell.runQuietly(
                            "ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf." + dev + ".disable_ipv6=1");
                }
            }
        }
    }

    private static String python() {
        String exe =
                Shell.run("python3", "-c", "import sys; print(sys.executable)").trim();
        Assumptions.assumeTrue(!exe.isEmpty(), "python3 is needed to send the test packets");
        return exe;
    }

    private static final Pattern TX = Pattern.compile("port\\s+\"?(\\d+)\"?:.*?tx pkts=(\\d+)", Pattern.DOTALL);

    /** Packets the switch sent out of each port so far. */
    static Map<Integer, Long> txPackets(OvsTestSwitch sw, String bridge) {
        String out = sw.ovs.ofctl("-O", "OpenFlow13", "dump-ports", bridge);
        Map<Integer, Long> tx = new java.util.TreeMap<>();
        for (String block : out.split("(?=port )")) {
            Matcher m = TX.matcher(block);
            if (m.find()) {
                tx.put(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)));
            }
        }
        return tx;
    }

    /** What each port sent since {@code before}. */
    static Map<Integer, Long> since(Map<Integer, Long> before, Map<Integer, Long> now) {
        Map<Integer, Long> d = new java.util.TreeMap<>();
        now.forEach((port, n) -> d.put(port, n - before.getOrDefault(port, 0L)));
        return d;
    }
}
