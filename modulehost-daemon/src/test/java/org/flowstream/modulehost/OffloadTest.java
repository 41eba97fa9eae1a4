package org.flowstream.modulehost;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.Map;
import org.flowstream.common.netns.IpCommand;
import org.flowstream.common.rpc.ReturnValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Ordinary traffic (UDP with checksums, a 1 MB TCP transfer, both directions, from hosts whose veths offload
 * checksums) through a forwarding PM, on a switch configured the way such hosts need
 * (other_config:userspace-tso-enable=true; without it the userspace datapath forwards offloaded frames with
 * unfinished checksums and receivers drop them). Note: on this kernel and Open vSwitch 3.1 the frames reach the
 * PM already complete, so this does not exercise the PM's own checksum completion (ElementsTest does).
 */
class OffloadTest {

    private PlatformFixture platform;

    @AfterEach
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void checksumOffloadedUdpAndTcpCrossAPm() throws Exception {
        PlatformFixture.assumePlatform();
        platform = new PlatformFixture();
        platform.ovs.vsctl("set", "Open_vSwitch", ".", "other_config:userspace-tso-enable=true");
        platform.ovs.restartVswitchd();
        PlatformFixture.Host a = platform.host("a", "10.78.0.1");
        PlatformFixture.Host b = platform.host("b", "10.78.0.2");
        String name = "fwd" + platform.suffix;
        ReturnValue created = platform.client.call(
                "create_pm",
                Map.of("name", name, "config", "FromDevice(p0) -> ToDevice(p1); FromDevice(p1) -> ToDevice(p0)"));
        assertThat(created.isSuccess()).as(created.message()).isTrue();
        int p0 = -1;
        int p1 = -1;
        for (Object o : (Object[]) ((Map<?, ?>) created.value()).get("ports")) {
            Map<?, ?> port = (Map<?, ?>) o;
            if (port.get("name").equals("p0")) {
                p0 = (Integer) port.get("ofport");
            } else {
                p1 = (Integer) port.get("ofport");
            }
        }
        // Everything, ARP included, goes A <-> PM <-> B.
        platform.flow("in_port=%d,actions=output:%d".formatted(a.ofport(), p0));
        platform.flow("in_port=%d,actions=output:%d".formatted(p1, b.ofport()));
        platform.flow("in_port=%d,actions=output:%d".formatted(b.ofport(), p1));
        platform.flow("in_port=%d,actions=output:%d".formatted(p0, a.ofport()));

        String server = """
                import socket
                u=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); u.bind(('0.0.0.0',6000)); u.settimeout(60)
                t=socket.socket(); t.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1); t.bind(('0.0.0.0',6001)); t.listen(1); t.settimeout(60)
                print('ready',flush=True)
                n=0
                while n<20:
                    u.recv(2000); n+=1
                c,_=t.accept(); c.settimeout(60)
                total=0
                while True:
                    d=c.recv(65536)
                    if not d: break
                    total+=len(d)
                c.sendall(b'%d' % total); c.close()
                print('udp=%d tcp=%d' % (n,total),flush=True)
                """;
        String client = """
                import socket
                u=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)
                for i in range(20): u.sendto(b'checksummed-%d' % i + b'y'*500,('10.78.0.2',6000))
                t=socket.create_connection(('10.78.0.2',6001),timeout=60)
                t.sendall(b'z'*1000000); t.shutdown(socket.SHUT_WR)
                print(t.recv(100).decode(),flush=True)
                """;
        Process serverProcess = new ProcessBuilder(b.ns().command("python3", "-c", server)).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(serverProcess.getInputStream()))) {
            assertThat(out.readLine()).isEqualTo("ready");
            String atA = IpCommand.run(a.ns().command("python3", "-c", client)).strip();
            assertThat(out.readLine()).isEqualTo("udp=20 tcp=1000000");
            assertThat(atA).isEqualTo("1000000");
        } finally {
            serverProcess.destroyForcibly();
        }
    }
}
