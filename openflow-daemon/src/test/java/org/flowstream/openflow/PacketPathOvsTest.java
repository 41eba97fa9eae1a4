package org.flowstream.openflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowstream.openflow.OvsTestSwitch.await;

import java.time.Duration;
import java.util.Map;
import org.flowstream.common.ovs.OpenVswitch;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real packets through the userspace switch: host A (10.0.0.1) pings host B (10.0.0.2) through a PM that
 * shares its one switch port between two hops (VLAN tag per hop, §2.2.6); replies come back on a second
 * allocation. The counters the daemon reports must equal what was sent.
 */
class PacketPathOvsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private OvsTestSwitch sw;
    private OpenflowDaemon daemon;

    @AfterEach
    void cleanUp() {
        if (daemon != null) {
            daemon.stop();
        }
        if (sw != null) {
            sw.close();
        }
    }

    @Test
    void pingsFollowTheInstalledPathThroughATaggedPmAndTheCountersMatch() throws Exception {
        sw = OvsTestSwitch.start();
        daemon = sw.startDaemon();
        DaemonClient client = OvsTestSwitch.client(daemon);
        String br = sw.bridge("OpenFlow13");
        sw.ovs.setController(br, "unix:" + sw.controllerSocket());

        String nsA = sw.netns("ofa"), nsB = sw.netns("ofb");
        String suffix = OpenVswitch.randomName("").substring(0, 6);
        String a = "qa" + suffix, b = "qb" + suffix;
        sw.ovs.addVethPort(br, "pa" + suffix, 1, a, nsA);
        sw.ovs.addVethPort(br, "pb" + suffix, 2, b, nsB);
        // The PM: a second bridge behind port 3 (as a module host's plumbing would be), programmed below to
        // take packets on the hop-in tag and send them back on the hop-out tag, router-on-a-stick style.
        String pmBridge = OpenVswitch.randomName("pmb");
        sw.ovs.addBridge(pmBridge);
        sw.ovs.vsctl(
                "add-port",
                br,
                "pp" + suffix,
                "--",
                "set",
                "interface",
                "pp" + suffix,
                "type=patch",
                "options:peer=pq" + suffix,
                "ofport_request=3",
                "--",
                "add-port",
                pmBridge,
                "pq" + suffix,
                "--",
                "set",
                "interface",
                "pq" + suffix,
                "type=patch",
                "options:peer=pp" + suffix,
                "ofport_request=1");
        await(
                "the bridge connects",
                WAIT,
                () -> daemon.rules().lastReconcile(br).isPresent());

        // Allocation 71: A -> PM -> B, the PM on port 3 for both hops. Allocation 72: B -> A directly (the replies).
        ReturnValue rv = client.call("create_connections", br, 0, """
                {"alloc_id": 71, "match": "ip,nw_src=10.0.0.1,nw_dst=10.0.0.2", "from_port": 1, "to_port": 2,
                 "pms": [{"name": "router", "port": 3}]}""");
        assertThat(rv.isSuccess()).as(rv.message()).isTrue();
        Map<?, ?> pm =
                (Map<?, ?>) ((Object[]) ((Map<?, ?>) ((Object[]) ((Map<?, ?>) rv.value()).get("paths"))[0]).get("pms"))
                        [0];
        int vlanIn = (Integer) pm.get("vlan_in"), vlanOut = (Integer) pm.get("vlan_out");
        rv = client.call("create_connections", br, 0, """
                {"alloc_id": 72, "match": "ip,nw_src=10.0.0.2,nw_dst=10.0.0.1", "from_port": 2, "to_port": 1}""");
        assertThat(rv.isSuccess()).as(rv.message()).isTrue();

        sw.ovs.ofctl(
                "add-flow",
                pmBridge,
                "in_port=1,dl_vlan=%d,actions=mod_vlan_vid:%d,in_port".formatted(vlanIn, vlanOut));
        String macA = mac(nsA, a), macB = mac(nsB, b);
        host(nsA, a, "10.0.0.1", "10.0.0.2", macB);
        host(nsB, b, "10.0.0.2", "10.0.0.1", macA);

        int count = 5;
        String ping = Shell.run("ip", "netns", "exec", nsA, python(), "-c", PING, "10.0.0.2", String.valueOf(count));
        assertThat(ping).contains(count + " received");

        await(
                "the daemon reports " + count + " packets for each allocation",
                WAIT,
                () -> packets(client, 71) == count && packets(client, 72) == count);
        Map<?, ?> stats = (Map<?, ?>) client.call("get_flow_stats", 71).value();
        for (Object rule : (Object[]) stats.get("rules")) {
            // Every hop (in, through the PM, out) saw every request once.
            assertThat(((Map<?, ?>) rule).get("packets"))
                    .as(String.valueOf(rule))
                    .isEqualTo(count);
        }
        assertThat(((Object[]) stats.get("rules"))).hasSize(2);
        assertThat(sw.ovs.ofctl("dump-flows", pmBridge))
                .as("the PM saw the tagged requests")
                .contains("n_packets=" + count);
    }

    /**
     * ping, in Python for machines without iputils: ICMP echo over a raw socket, checksums computed here, so
     * no checksum offload is involved (veth offloads would otherwise reach the userspace datapath unfinished).
     */
    private static final String PING = """
            import socket, struct, os, sys, time
            def csum(b):
                if len(b) % 2: b += b'\\0'
                s = sum(struct.unpack('!%dH' % (len(b) // 2), b)); s = (s >> 16) + (s & 0xffff); s += s >> 16
                return (~s) & 0xffff
            dst, n = sys.argv[1], int(sys.argv[2])
            s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP); s.settimeout(3)
            ident, got = os.getpid() & 0xffff, 0
            for seq in range(n):
                payload = b'flowstream' * 4
                c = csum(struct.pack('!BBHHH', 8, 0, 0, ident, seq) + payload)
                s.sendto(struct.pack('!BBHHH', 8, 0, c, ident, seq) + payload, (dst, 0))
                end = time.time() + 3
                while time.time() < end:
                    try:
                        data, addr = s.recvfrom(2048)
                    except socket.timeout:
                        break
                    ihl = (data[0] & 15) * 4
                    t, code, _, i, q = struct.unpack('!BBHHH', data[ihl:ihl + 8])
                    if t == 0 and i == ident and q == seq:
                        got += 1
                        break
                time.sleep(0.1)
            print('%d received' % got)
            """;

    private static String python() {
        String exe =
                Shell.run("python3", "-c", "import sys; print(sys.executable)").trim();
        org.junit.jupiter.api.Assumptions.assumeTrue(!exe.isEmpty(), "python3 is needed to send the test packets");
        return exe;
    }

    private static long packets(DaemonClient client, int allocId) {
        Object value = ((Map<?, ?>) client.call("get_flow_stats", allocId).value()).get("packets");
        return ((Number) value).longValue();
    }

    private static void host(String ns, String dev, String ip, String peer, String peerMac) {
        inNs(ns, "ip", "link", "set", "lo", "up");
        inNs(ns, "ip", "addr", "add", ip + "/24", "dev", dev);
        inNs(ns, "ip", "neigh", "add", peer, "lladdr", peerMac, "dev", dev);
    }

    private static String mac(String ns, String dev) {
        return Shell.run("ip", "netns", "exec", ns, "cat", "/sys/class/net/" + dev + "/address")
                .trim();
    }

    private static void inNs(String ns, String... command) {
        String[] full = new String[command.length + 4];
        full[0] = "ip";
        full[1] = "netns";
        full[2] = "exec";
        full[3] = ns;
        System.arraycopy(command, 0, full, 4, command.length);
        Shell.run(full);
    }
}
