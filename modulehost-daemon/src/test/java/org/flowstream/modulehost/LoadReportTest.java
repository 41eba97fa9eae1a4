package org.flowstream.modulehost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.openflow.BalancerRound;
import org.flowstream.contracts.records.openflow.BalancerStatus;
import org.flowstream.contracts.records.openflow.LoadReportReceipt;
import org.flowstream.openflow.OpenflowDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Prefix load balancing's measurement path (§2.2.5) with real parts: UDP from a traffic host crosses a PM whose
 * PrefixSampler counts 1 packet in 10; the module host daemon turns its PMs' samples into the period's load and
 * reports it to a real openflow daemon, whose balancer (on the same Open vSwitch bridge) then re-balances on it.
 */
class LoadReportTest {

    private PlatformFixture platform;
    private OpenflowDaemon openflow;
    private Path openflowDir;

    @AfterEach
    void stop() throws Exception {
        ControllerDaemons.stop(platform, openflow, openflowDir);
    }

    @Test
    void sampledPacketsReachTheBalancerAsTheHostsLoadReport() throws Exception {
        PlatformFixture.assumePlatform();
        openflowDir = Files.createTempDirectory("lbreport");
        platform = new PlatformFixture((ovs, config) -> {
            openflow = ControllerDaemons.openflow(
                    openflowDir.resolve("state"), ovs.runDir().resolve("lbreport.sock"), 10_000);
            DaemonConfig.Peer peer = new DaemonConfig.Peer();
            peer.url = openflow.url().toString();
            config.peers.put("openflow", peer);
            ((ObjectNode) config.settings)
                    .put("loadBalancerId", 1)
                    .put("loadReportSeconds", 3600); // the test reports by hand
        });
        PlatformFixture.Host a = platform.host("a", "10.78.0.1");
        PlatformFixture.Host b = platform.host("b", "10.78.0.2");
        PlatformFixture.Host m1 = platform.host("c", "10.78.0.3");
        PlatformFixture.Host m2 = platform.host("d", "10.78.0.4");
        PlatformFixture.neighbour(a, b);
        DaemonClient of = new DaemonClient(openflow.url(), "", "", 30_000);
        platform.ovs.setController(
                platform.bridge, "unix:" + platform.ovs.runDir().resolve("lbreport.sock"));
        for (int i = 0;
                i < 300 && openflow.rules().lastReconcile(platform.bridge).isEmpty();
                i++) {
            Thread.sleep(100);
        }
        assertThat(openflow.rules().lastReconcile(platform.bridge))
                .as("the bridge connected to the openflow daemon")
                .isPresent();

        ReturnValue configured = of.call(
                "lb_configure", """
                {"id": 1, "switch_name": "%s", "source_side_port": %d, "destination_side_port": %d, "load_source": "reports",
                 "machines": [{"name": "m1", "port": %d, "capacity": 1}, {"name": "m2", "port": %d, "capacity": 1}]}""".formatted(platform.bridge, a.ofport(), b.ofport(), m1.ofport(), m2.ofport()));
        assertThat(configured.isSuccess()).as(configured.message()).isTrue();

        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("name", "smp" + platform.suffix);
        pm.put("config", "FromDevice(p0) -> s :: PrefixSampler(24, 10) -> ToDevice(p1)");
        ReturnValue created = platform.client.call("create_pm", pm);
        assertThat(created.isSuccess()).as(created.message()).isTrue();
        int in = ofport(created, "p0");
        // Steering at a priority above the balancer's rules: a -> PM -> b.
        platform.flow("priority=1000,in_port=%d,ip,actions=output:%d".formatted(a.ofport(), in));
        platform.flow("priority=1000,in_port=%d,actions=output:%d".formatted(ofport(created, "p1"), b.ofport()));

        Traffic.Listener listener = Traffic.receive(b.ns(), 100, 7000);
        Traffic.send(a.ns(), b.ip(), 7000, 100);
        assertThat(listener.result()).isEqualTo("7000=100");
        awaitSamples(10);

        // lb_report_load: the module host reads the openflow daemon's receipt with the contract record.
        LoadReportReceipt receipt = platform.daemon.loadReporter().reportNow().orElseThrow();
        assertThat(receipt.balancerId()).isEqualTo(1);
        assertThat(receipt.prefixes()).isEqualTo(1); // one /24 sampled
        assertThat(receipt.reportsPending()).isEqualTo(1);
        ReturnValue round = of.call("lb_rebalance", 1);
        assertThat(round.isSuccess()).as(round.message()).isTrue();
        BalancerRound last =
                Structs.fromStruct(round.value(), BalancerStatus.class).lastRound();
        assertThat(last.source()).isEqualTo("reports");
        assertThat(last.measuredLoad()).isEqualTo(100.0); // 10 samples, 1 in 10 each

        // Nothing new was sampled: the next period reports nothing.
        assertThat(platform.daemon.loadReporter().reportNow()).isEmpty();
    }

    private static int ofport(ReturnValue createdPm, String port) {
        for (Object p : (Object[]) ((Map<?, ?>) createdPm.value()).get("ports")) {
            if (((Map<?, ?>) p).get("name").equals(port)) {
                return (Integer) ((Map<?, ?>) p).get("ofport");
            }
        }
        throw new AssertionError("no port " + port);
    }

    /** The PM rewrites its counters every second; wait until its sampler shows {@code want} samples. */
    private void awaitSamples(long want) throws InterruptedException {
        long seen = 0;
        for (int i = 0; i < 100 && seen < want; i++) {
            seen = platform.daemon.elementStatsByPm().values().stream()
                    .map(elements -> elements.get("s"))
                    .filter(s -> s instanceof Map<?, ?> m && m.get("samples") instanceof Map<?, ?>)
                    .mapToLong(s -> ((Map<?, ?>) ((Map<?, ?>) s).get("samples"))
                            .values().stream()
                                    .mapToLong(v -> ((Number) v).longValue())
                                    .sum())
                    .sum();
            Thread.sleep(100);
        }
        assertThat(seen).as("samples the PM reported").isEqualTo(want);
    }
}
