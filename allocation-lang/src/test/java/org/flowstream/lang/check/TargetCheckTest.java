package org.flowstream.lang.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.flowstream.contracts.click.diag.Diagnostic;
import org.flowstream.contracts.match.Match;
import org.flowstream.lang.AllocationLanguage;
import org.flowstream.lang.CheckResult;
import org.flowstream.lang.catalogue.DefaultPmCatalogue;
import org.flowstream.lang.platform.TargetPlatform;
import org.flowstream.lang.platform.TrafficClaim;
import org.junit.jupiter.api.Test;

/** Checks against the platform a request is for: its I/O nodes and the traffic live allocations hold. */
class TargetCheckTest {

    private static final List<String> IO_NODES = List.of("h1", "h2");

    private static List<String> errors(String text, TargetPlatform target) {
        CheckResult result = AllocationLanguage.check("r.click", text, DefaultPmCatalogue.create(), target);
        return result.diagnostics().stream().map(Diagnostic::format).toList();
    }

    private static TrafficClaim claim(String ingress, String match) {
        return new TrafficClaim(ingress, Match.parse(match), "allocation 7");
    }

    @Test
    void unknownIoNodesAreRefusedWhereTheyAreWritten() {
        String request = """
                ft :: FromNet("ip,nw_src=10.10.1.1,nw_dst=10.10.1.2", IONODE h3)
                tt :: ToNet(nosuch)
                ft -> Counter -> tt
                """;
        assertThat(errors(request, new TargetPlatform(IO_NODES, List.of())))
                .containsExactly(
                        "r.click:1:55: error: FromNet 'ft': this platform has no I/O node 'h3' (did you mean 'h1'?); it has h1, h2",
                        "r.click:2:13: error: ToNet 'tt': this platform has no I/O node 'nosuch'; it has h1, h2");
        assertThat(errors(request, TargetPlatform.UNKNOWN))
                .as("offline, names are not known")
                .isEmpty();
    }

    @Test
    void inPortIsLeftToThePlatform() {
        assertThat(errors(
                        "ft :: FromNet(\"ip,in_port=7\", IONODE h1) -> Counter -> ToNet(h2)\n",
                        new TargetPlatform(IO_NODES, List.of())))
                .containsExactly(
                        "r.click:1:15: error: FromNet 'ft': leave in_port out of the match; the platform sets it from the I/O node"
                                + " the traffic enters on (IONODE h1)");
    }

    @Test
    void trafficAnotherAllocationCapturesOnTheSameIoNodeIsRefused() {
        TargetPlatform target = new TargetPlatform(IO_NODES, List.of(claim("h1", "ip,nw_src=10.10.1.0/24")));
        assertThat(errors(
                        "ft :: FromNet(\"udp,nw_src=10.10.1.1,tp_dst=53\", IONODE h1) -> Counter -> ToNet(h2)\n",
                        target))
                .containsExactly(
                        "r.click:1:15: error: FromNet 'ft' (udp,nw_src=10.10.1.1,tp_dst=53) overlaps traffic that allocation 7"
                                + " already captures on I/O node h1; two allocations must not capture the same packets, so narrow the match or use another I/O node");
        assertThat(errors("ft :: FromNet(\"ip,nw_src=10.10.1.1\", IONODE h2) -> Counter -> ToNet(h1)\n", target))
                .as("another ingress I/O node")
                .isEmpty();
        assertThat(errors("ft :: FromNet(\"ip,nw_src=10.10.1.1\") -> Counter -> ToNet(h2)\n", target))
                .as("without IONODE traffic enters on the first I/O node")
                .hasSize(1);
    }
}
