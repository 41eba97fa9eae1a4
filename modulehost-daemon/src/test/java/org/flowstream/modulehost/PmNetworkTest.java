package org.flowstream.modulehost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.flowstream.common.netns.IpCommand;
import org.flowstream.common.netns.NetnsException;
import org.flowstream.common.netns.NetworkNamespace;
import org.flowstream.modulehost.net.OvsBridge;
import org.flowstream.modulehost.net.PmNetwork;
import org.flowstream.modulehost.net.PmPort;
import org.junit.jupiter.api.Test;

/**
 * A PM's network as create_pm makes it, with few processes (PmNetwork.addPorts): each port a veth pair whose inner
 * end is up in the PM's namespace and whose outer end is up on the switch (in the switch's own namespace), IPv6 off
 * on both ends, the OpenFlow port numbers and MACs reported as the switch and the kernel see them. Real namespaces,
 * veths and Open vSwitch.
 */
class PmNetworkTest {

    @Test
    void everyPortIsUpOnBothEndsWithoutIpv6AndOnTheSwitch() throws Exception {
        PlatformFixture.assumePlatform();
        try (PlatformFixture platform = new PlatformFixture()) {
            String switchNetns = platform.ovs.netns().orElse("");
            OvsBridge switchPorts = platform.switchPorts("");
            String id = "0e7%03x"
                    .formatted(java.util.concurrent.ThreadLocalRandom.current().nextInt(4096));
            PmNetwork network = PmNetwork.create(id, 2, switchPorts);
            try {
                NetworkNamespace ns = NetworkNamespace.of("fspm-" + id);
                List<PmPort> ports = network.ports();
                assertThat(ports).extracting(PmPort::name).containsExactly("p0", "p1");
                for (PmPort port : ports) {
                    assertThat(ns.run("ip", "-o", "link", "show", "dev", port.name()))
                            .contains("state UP")
                            .contains("link/ether " + port.mac());
                    assertThat(ns.run("cat", "/proc/sys/net/ipv6/conf/" + port.name() + "/disable_ipv6"))
                            .isEqualToIgnoringWhitespace("1");
                    assertThat(IpCommand.run(
                                    switchPorts.ipInSwitchNamespace("-o", "link", "show", "dev", port.interfaceName())))
                            .contains("state UP");
                    List<String> sysctl =
                            List.of("cat", "/proc/sys/net/ipv6/conf/" + port.interfaceName() + "/disable_ipv6");
                    assertThat(IpCommand.run(
                                    switchNetns.isEmpty()
                                            ? sysctl
                                            : NetworkNamespace.of(switchNetns).command(sysctl)))
                            .isEqualToIgnoringWhitespace("1");
                    assertThat(port.ofport()).isPositive();
                    assertThat(platform.ovs.vsctl("get", "Interface", port.interfaceName(), "ofport"))
                            .isEqualToIgnoringWhitespace(Integer.toString(port.ofport()));
                }
                assertThat(ports.get(0).ofport()).isNotEqualTo(ports.get(1).ofport());
                assertThat(ns.run("ip", "-o", "link", "show", "dev", "lo")).contains("UP");
            } finally {
                network.delete();
            }
            assertThat(NetworkNamespace.list()).doesNotContain("fspm-" + id);
            assertThat(platform.ovs.vsctl("list-ports", platform.bridge)).doesNotContain("fs" + id + "p");
        }
    }

    @Test
    void aMissingBridgeIsSaidInWordsAndLeavesNothingBehind() throws Exception {
        PlatformFixture.assumePlatform();
        try (PlatformFixture platform = new PlatformFixture()) {
            OvsBridge noSuchBridge = new OvsBridge(
                    "brnone" + platform.suffix,
                    "unix:" + platform.ovs.dbSocket(),
                    platform.ovs.runDir().toString(),
                    platform.ovs.netns().orElse(""));
            String id = "0e8%03x"
                    .formatted(java.util.concurrent.ThreadLocalRandom.current().nextInt(4096));

            assertThatThrownBy(() -> PmNetwork.create(id, 2, noSuchBridge))
                    .isInstanceOf(NetnsException.class)
                    .hasMessageContaining("bridge brnone" + platform.suffix)
                    .hasMessageContaining("does not exist");
            assertThat(NetworkNamespace.list()).doesNotContain("fspm-" + id);
            List<String> leftover = List.of("ip", "-o", "link", "show");
            assertThat(IpCommand.run(noSuchBridge.ipInSwitchNamespace("-o", "link", "show")))
                    .doesNotContain("fs" + id + "p");
            assertThat(IpCommand.run(leftover)).doesNotContain("fs" + id + "p");
        }
    }
}
