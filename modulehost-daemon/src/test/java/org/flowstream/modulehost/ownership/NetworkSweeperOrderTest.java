package org.flowstream.modulehost.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.flowstream.modulehost.net.OvsBridge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PM that starts while a sweep runs keeps its network: the sweep reads the live PMs after the claims, so a claim
 * written after the live set was read cannot be taken for a leftover (a bench activate run lost a starting PM's
 * switch port that way). No Open vSwitch here: the bridge's ovs-vsctl fails, which the sweep reads as no tagged
 * ports, and the claim names a namespace that does not exist, so nothing on the machine is touched.
 */
class NetworkSweeperOrderTest {

    @Test
    void aPmThatClaimsItsNetworkDuringASweepKeepsIt(@TempDir Path state) throws Exception {
        OvsBridge noSwitch = new OvsBridge(
                "fsnobr0",
                "unix:" + state.resolve("no-such-db.sock"),
                state.toString(),
                "",
                NetworkClaims.ownerOf(state));
        NetworkClaims claims = NetworkClaims.of(state, noSwitch);
        // The PM starts between the sweep's reads: it is not live yet when asked, and claims its network right then.
        NetworkSweeper sweeper = new NetworkSweeper(claims, () -> {
            claims.claim("5ea7ed", "fspm-5ea7ed", List.of("fs5ea7edp0"));
            return Set.of();
        });
        assertThat(sweeper.sweep()).isEmpty();
        assertThat(claims.all()).extracting(NetworkClaims.Claim::id).containsExactly("5ea7ed");
    }
}
