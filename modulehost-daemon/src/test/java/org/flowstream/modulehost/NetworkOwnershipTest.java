package org.flowstream.modulehost;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.flowstream.common.netns.IpCommand;
import org.flowstream.common.netns.NetworkNamespace;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.modulehost.net.OvsBridge;
import org.flowstream.modulehost.net.PmNetwork;
import org.flowstream.modulehost.ownership.NetworkClaims;
import org.flowstream.modulehost.ownership.NetworkSweeper;
import org.junit.jupiter.api.Test;

/**
 * Ownership of PM networks as a mechanism, with real namespaces, veths and Open vSwitch: a module host claims each
 * PM network before making it and tags its switch ports; the sweeper removes what it owns and no PM uses (a
 * network left by a killed daemon, a port whose claim was lost) and never another owner's namespace or port; a
 * claim stays until its network is really gone.
 */
class NetworkOwnershipTest {

    @Test
    void theSweeperRemovesWhatThisHostOwnsAndNoPmUsesAndNothingElse() throws Exception {
        PlatformFixture.assumePlatform();
        try (PlatformFixture platform = new PlatformFixture()) {
            Path state = platform.dir.resolve("sweeper-host");
            NetworkClaims claims = NetworkClaims.of(state, bridge(platform, NetworkClaims.ownerOf(state)));
            OvsBridge anotherPlatform = bridge(platform, "/elsewhere/run/state/modulehost-mh1");
            String left = randomId("e1");
            String inUse = randomId("e2");
            String foreign = randomId("e3");
            String unclaimedPort = randomId("e4");
            try {
                // A network the host claimed and made, whose PM is gone with the daemon that made it (no delete).
                claim(claims, left, 2);
                PmNetwork.create(left, 2, claims.switchPorts());
                // One a running PM uses.
                claim(claims, inUse, 1);
                PmNetwork.create(inUse, 1, claims.switchPorts());
                // Another platform's PM network on the same kernel and switch.
                PmNetwork.create(foreign, 1, anotherPlatform);
                // A port tagged as this host's whose claim was lost (its namespace is not known to be ours).
                PmNetwork.create(unclaimedPort, 1, claims.switchPorts());

                assertThat(claims.releaseIfGone(left))
                        .as("a claim stays while its network exists")
                        .isFalse();
                assertThat(platform.ovs.vsctl("get", "Interface", PmNetwork.outerName(left, 0), "external_ids"))
                        .contains(OvsBridge.OWNER_KEY)
                        .contains(claims.owner());

                List<String> released = new NetworkSweeper(claims, () -> Set.of(inUse)).sweep();

                assertThat(released).containsExactly(left);
                assertThat(claims.all()).extracting(NetworkClaims.Claim::id).containsExactly(inUse);
                List<String> namespaces = NetworkNamespace.list();
                assertThat(namespaces)
                        .doesNotContain(PmNetwork.namespaceName(left))
                        .contains(
                                PmNetwork.namespaceName(inUse),
                                PmNetwork.namespaceName(foreign),
                                PmNetwork.namespaceName(unclaimedPort));
                String ports = platform.ovs.vsctl("list-ports", platform.bridge);
                assertThat(ports)
                        .doesNotContain(PmNetwork.outerName(left, 0), PmNetwork.outerName(left, 1))
                        .doesNotContain(PmNetwork.outerName(unclaimedPort, 0))
                        .contains(PmNetwork.outerName(inUse, 0), PmNetwork.outerName(foreign, 0));
            } finally {
                for (String id : List.of(left, inUse, foreign, unclaimedPort)) {
                    PmNetwork.deleteLeftover(id, 2, claims.switchPorts());
                }
            }
        }
    }

    @Test
    void aPmOfTheDaemonIsClaimedWhileItRunsAndReleasedWhenDeleted() throws Exception {
        PlatformFixture.assumePlatform();
        try (PlatformFixture platform = new PlatformFixture()) {
            String name = "a1-c" + platform.suffix;
            ReturnValue created = platform.client.call(
                    "create_pm", Map.of("name", name, "config", "FromDevice(p0) -> Counter -> ToDevice(p1)"));
            assertThat(created.isSuccess()).as(created.message()).isTrue();
            String namespace = (String) ((Map<?, ?>) created.value()).get("namespace");
            Path owned = platform.dir.resolve("state/owned");
            List<NetworkClaims.Claim> claims = NetworkClaims.readAll(owned);
            assertThat(claims).extracting(NetworkClaims.Claim::namespace).containsExactly(namespace);
            assertThat(claims.get(0).owner()).isEqualTo(NetworkClaims.ownerOf(platform.dir.resolve("state")));
            assertThat(platform.ovs.vsctl(
                            "get", "Interface", claims.get(0).interfaces().get(1), "external_ids"))
                    .contains(claims.get(0).owner());

            assertThat(platform.client.call("delete_pm", Map.of("name", name)).isSuccess())
                    .isTrue();
            assertThat(NetworkClaims.readAll(owned)).isEmpty();
            assertThat(Files.list(owned)).isEmpty();
            assertThat(NetworkNamespace.list()).doesNotContain(namespace);
        }
    }

    /**
     * The claim's check, which every delete_pm runs (a few listings now instead of three processes per port), still
     * sees each part of a network on its own: the namespace, a veth end where the switch's ports are, a switch port.
     */
    @Test
    void aClaimStaysWhileAnyPartOfItsNetworkIsLeft() throws Exception {
        PlatformFixture.assumePlatform();
        try (PlatformFixture platform = new PlatformFixture()) {
            Path state = platform.dir.resolve("check-host");
            NetworkClaims claims = NetworkClaims.of(state, bridge(platform, NetworkClaims.ownerOf(state)));
            OvsBridge switchPorts = claims.switchPorts();
            String id = randomId("c1");
            claim(claims, id, 2);
            try {
                IpCommand.ip("netns", "add", PmNetwork.namespaceName(id));
                assertThat(claims.releaseIfGone(id)).as("its namespace is left").isFalse();
                IpCommand.ip("netns", "delete", PmNetwork.namespaceName(id));

                String outer = PmNetwork.outerName(id, 1);
                IpCommand.run(switchPorts.ipInSwitchNamespace(
                        "link", "add", outer, "type", "veth", "peer", "name", "c1" + platform.suffix));
                assertThat(claims.releaseIfGone(id)).as("a veth end is left").isFalse();
                IpCommand.run(switchPorts.ipInSwitchNamespace("link", "delete", outer));

                platform.ovs.vsctl("add-port", platform.bridge, PmNetwork.outerName(id, 0));
                assertThat(claims.releaseIfGone(id)).as("a switch port is left").isFalse();
                platform.ovs.vsctl("del-port", platform.bridge, PmNetwork.outerName(id, 0));

                assertThat(claims.isClaimed(id)).isTrue();
                assertThat(claims.releaseIfGone(id)).as("all gone").isTrue();
                assertThat(claims.isClaimed(id)).isFalse();
            } finally {
                PmNetwork.deleteLeftover(id, 2, switchPorts);
                claims.releaseIfGone(id);
            }
        }
    }

    private static OvsBridge bridge(PlatformFixture platform, String owner) {
        return platform.switchPorts(owner);
    }

    private static void claim(NetworkClaims claims, String id, int ports) {
        List<String> interfaces = new java.util.ArrayList<>();
        for (int i = 0; i < ports; i++) {
            interfaces.add(PmNetwork.outerName(id, i));
        }
        claims.claim(id, PmNetwork.namespaceName(id), interfaces);
    }

    private static String randomId(String prefix) {
        return prefix + "%04x".formatted(ThreadLocalRandom.current().nextInt(0x10000));
    }
}
