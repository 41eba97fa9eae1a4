package org.flowstream.modulehost;

import static org.assertj.core.api.Assertions.assertThat;

import org.flowstream.common.netns.NetworkNamespace;
import org.flowstream.modulehost.net.OvsBridge;
import org.flowstream.modulehost.net.PmNetwork;
import org.junit.jupiter.api.Test;

/**
 * A PM's network removed on an interrupted thread, as a create_pm cut short by the module host's shutdown does:
 * its namespace and switch ports go all the same (before, ip refused to start there and the namespace stayed,
 * owned by no one), and the thread is still interrupted afterwards; likewise when the interrupts come while the
 * removal runs (the module host's shutdown interrupting a delete_pm: an `ip netns delete` cut short left a
 * namespace behind in a CI run). Real namespace, veths and Open vSwitch.
 */
class PmNetworkCleanupTest {

    @Test
    void aNetworkDeletedOnAnInterruptedThreadLeavesNothingBehind() throws Exception {
        PlatformFixture.assumePlatform();
        try (PlatformFixture platform = new PlatformFixture()) {
            OvsBridge switchPorts = platform.switchPorts("");
            PmNetwork network = PmNetwork.create("0c1ea0", 2, switchPorts);
            assertThat(NetworkNamespace.list()).contains("fspm-0c1ea0");

            Thread.currentThread().interrupt();
            try {
                network.delete();
                assertThat(Thread.currentThread().isInterrupted())
                        .as("the interrupt is kept")
                        .isTrue();
            } finally {
                Thread.interrupted();
            }
            assertThat(NetworkNamespace.list()).doesNotContain("fspm-0c1ea0");
            assertThat(platform.ovs.vsctl("list-ports", platform.bridge)).doesNotContain("fs0c1ea0p");
        }
    }

    @Test
    void interruptsWhileANetworkIsDeletedDoNotCutItShort() throws Exception {
        PlatformFixture.assumePlatform();
        try (PlatformFixture platform = new PlatformFixture()) {
            OvsBridge switchPorts = platform.switchPorts("");
            String id = "0c1e%02x"
                    .formatted(java.util.concurrent.ThreadLocalRandom.current().nextInt(256));
            PmNetwork network = PmNetwork.create(id, 2, switchPorts);
            Thread deleting = new Thread(network::delete, "delete-under-interrupts");
            deleting.start();
            while (deleting.isAlive()) { // as many interrupts as the removal has steps, and more
                deleting.interrupt();
                Thread.sleep(1);
            }
            assertThat(NetworkNamespace.list()).doesNotContain("fspm-" + id);
            assertThat(platform.ovs.vsctl("list-ports", platform.bridge)).doesNotContain("fs" + id + "p");
        }
    }

    /**
     * A warm slot's network whose PM used one of its three ports: delete removes the PM's port and the spare ones, on
     * the switch and on both sides of each veth pair (all pairs in one {@code ip -batch}), and the namespace.
     */
    @Test
    void aNetworkWithSparePortsLeavesNoPortNoLinkAndNoNamespace() throws Exception {
        PlatformFixture.assumePlatform();
        try (PlatformFixture platform = new PlatformFixture()) {
            OvsBridge switchPorts = platform.switchPorts("");
            String id = "5a%04x"
                    .formatted(java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000));
            PmNetwork network = PmNetwork.create(id, 3, switchPorts);
            network.setAside(1);
            assertThat(PmNetwork.linkNames(switchPorts))
                    .contains(PmNetwork.outerName(id, 0), PmNetwork.outerName(id, 2));

            assertThat(network.delete()).as("its own steps saw every part go").isTrue();

            assertThat(PmNetwork.namespaceExists(PmNetwork.namespaceName(id))).isFalse();
            assertThat(NetworkNamespace.list()).doesNotContain(PmNetwork.namespaceName(id));
            assertThat(switchPorts.portNames()).noneMatch(port -> port.startsWith("fs" + id));
            assertThat(PmNetwork.linkNames(switchPorts)).noneMatch(link -> link.startsWith("fs" + id));
            assertThat(network.delete())
                    .as("a second delete finds the pairs missing: its claim is released only after a look")
                    .isFalse();
        }
    }
}
