package org.flowstream.common.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class NetnsTest {

    private static String suffix() {
        return Long.toHexString(System.nanoTime() & 0xfffffL);
    }

    @Test
    void namesAreChecked() {
        assertThatThrownBy(() -> NetworkNamespace.of("../etc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VethPair.of("a-name-longer-than-15", "x", null))
                .hasMessageContaining("1 to 15 characters");
    }

    @Test
    void namespaceWithAVethPairComesAndGoesLeavingNothing() throws InterruptedException {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        String s = suffix();
        NetworkNamespace ns = NetworkNamespace.create("nstest" + s);
        try {
            assertThat(NetworkNamespace.list()).contains(ns.name());
            VethPair pair = VethPair.create("nto" + s, "nti" + s)
                    .moveInner(ns)
                    .addressInner("10.200.0.1/24")
                    .up();
            pair.addressOuter("10.200.0.2/24");
            assertThat(ns.links()).contains("lo", "nti" + s);
            assertThat(ns.run("ip", "-o", "addr", "show", "dev", "nti" + s)).contains("10.200.0.1/24");
            assertThat(pair.innerMac()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
            assertThat(ns.ifindex("nti" + s)).isPositive();
            VethPair direct = VethPair.createInto("ntd" + s, null, "eth7", ns);
            assertThat(ns.links()).contains("eth7");
            assertThat(direct.exists()).isTrue();
        } finally {
            ns.delete();
        }
        assertThat(NetworkNamespace.list()).doesNotContain(ns.name());
        // The pair goes with its inner end, once the kernel has torn the namespace down (asynchronously).
        assertThat(goneWithin(java.time.Duration.ofSeconds(10), "nto" + s)).isTrue();
        assertThat(goneWithin(java.time.Duration.ofSeconds(10), "ntd" + s)).isTrue();
        ns.delete(); // idempotent
    }

    private static boolean goneWithin(java.time.Duration limit, String link) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (VethPair.linkExists(link) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return !VethPair.linkExists(link);
    }

    @Test
    void failuresQuoteTheCommandAndItsOutput() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        assertThatThrownBy(() -> IpCommand.ip("link", "show", "dev", "no-such-dev" + suffix()))
                .isInstanceOf(NetnsException.class)
                .hasMessageContaining("`ip link show dev no-such-dev")
                .hasMessageContaining("exist");
    }
}
