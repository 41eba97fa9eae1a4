package org.flowstream.modulehost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.flowstream.modulehost.net.PmNetwork;
import org.flowstream.modulehost.net.PmPort;
import org.flowstream.modulehost.net.SwitchReceiveBuffers;
import org.junit.jupiter.api.Test;

/**
 * The real userspace switch reads a traffic host's port and a PM's ports (added as create_pm adds them) through packet
 * sockets whose receive buffers were raised to {@link SwitchReceiveBuffers#BYTES} (the kernel reports twice that),
 * as ss(8) sees them in the switch's namespace, not the kernel's default.
 */
class SwitchReceiveBuffersTest {

    @Test
    void theSwitchReadsHostAndPmPortsWithRaisedReceiveBuffers() throws Exception {
        PlatformFixture.assumePlatform();
        try (PlatformFixture platform = new PlatformFixture()) {
            PlatformFixture.Host host = platform.host("a", "10.77.0.1");
            long raised = 2L * SwitchReceiveBuffers.BYTES;
            Map<String, Long> hostOnly = switchReceiveBuffers(platform); // before any PM's ports (they raise all)
            System.out.println("SwitchReceiveBuffersTest: with the host's port alone: " + hostOnly);
            assertThat(hostOnly).containsEntry("mha" + platform.suffix + "o", raised);
            String id = "0e8%03x"
                    .formatted(java.util.concurrent.ThreadLocalRandom.current().nextInt(4096));
            PmNetwork network = PmNetwork.create(id, 2, platform.switchPorts(""));
            try {
                Map<String, Long> buffers = switchReceiveBuffers(platform);
                System.out.println("SwitchReceiveBuffersTest: the switch's receive buffers by port: " + buffers);
                assertThat(buffers).containsEntry("mha" + platform.suffix + "o", raised);
                for (PmPort port : network.ports()) {
                    assertThat(buffers).containsEntry(port.interfaceName(), raised);
                }
            } finally {
                network.delete();
            }
            assertThat(host.ofport()).isPositive();
        }
    }

    private static Map<String, Long> switchReceiveBuffers(PlatformFixture platform) {
        Map<String, Long> buffers = new java.util.TreeMap<>();
        platform.switchSockets().forEach((port, socket) -> buffers.put(port, socket.receiveBuffer()));
        return buffers;
    }
}
