package org.flowstream.openflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowstream.openflow.OvsTestSwitch.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.flowstream.common.ovs.OpenVswitch;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.openflow.rules.Cookies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Live TFO offload (§2.4) on a real Open vSwitch with real packets: routed traffic enters on port 1 and goes
 * to the software path (port 2) until the software path reports a destination prefix as a heavy hitter;
 * then a forwarding rule sends that prefix to the fast path (port 3), its packets counted by the rule keep
 * it there, and once its traffic stops it ages out and the rule is removed.
 */
class OffloadOvsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String HEAVY = "20.0.1.0/24";

    private OvsTestSwitch sw;
    private OpenflowDaemon daemon;
    private String br, ns, dev;

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
    void aReportedHeavyHitterIsForwardedToTheFastPathUntilItAgesOut() throws Exception {
        sw = OvsTestSwitch.start();
        daemon = sw.startDaemon();
        DaemonClient client = OvsTestSwitch.client(daemon);
        br = sw.bridge("OpenFlow13");
        ns = sw.netns("tfot");
        String sinks = sw.netns("tfos");
        String suffix = OpenVswitch.randomName("").substring(0, 6);
        dev = "ti" + suffix;
        sw.ovs.addVethPort(br, "pi" + suffix, 1, dev, ns);
        sw.ovs.addVethPort(br, "pw" + suffix, 2, "sw" + suffix, sinks);
        sw.ovs.addVethPort(br, "pf" + suffix, 3, "fp" + suffix, sinks);
        RawUdp.quietIpv6(sw, ns, sinks);
        sw.ovs.setController(br, "unix:" + sw.controllerSocket());
        await(
                "the bridge connects",
                WAIT,
                () -> daemon.rules().lastReconcile(br).isPresent());

        ReturnValue bad = client.call("tfo_configure", config("nosuchbridge", 0));
        assertThat(bad.isFailure()).isTrue();
        assertThat(bad.message()).contains("unknown switch nosuchbridge");
        bad = client.call("tfo_configure", config(br, 0).replace("\"capacity\": 2", "\"capacity\": -2"));
        assertThat(bad.isFailure()).isTrue();
        assertThat(bad.message()).contains("capacity must be >= 0");
        bad = client.call("tfo_configure", config(br, 0).replace("\"capacity\"", "\"capacty\""));
        assertThat(bad.isFailure()).isTrue();
        assertThat(bad.message()).contains("unknown field 'capacty'");
        assertThat(sw.flowsBesidesThePlatformRules(br, "OpenFlow13")).isEmpty();

        // Rounds on request (tfo_round) first, so each step is exact.
        ReturnValue rv = client.call("tfo_configure", config(br, 0));
        assertThat(rv.isSuccess()).as(rv.message()).isTrue();
        String cookie = Cookies.hex(Cookies.cookie(Cookies.OwnerKind.OFFLOAD, 5));
        String softwareRule = "cookie=" + cookie + ",table=0,priority=10,ip,in_port=1 actions=output:2";
        String fastRule =
                "cookie=" + cookie + ",table=0,priority=524,ip,in_port=1,nw_dst=" + HEAVY + " actions=output:3";
        assertThat(sw.flowsBesidesThePlatformRules(br, "OpenFlow13")).containsExactly(softwareRule);
        assertPacketsGoTo(2);

        bad = client.call("tfo_report", 5, Map.of("20.0.1.0/33", 10));
        assertThat(bad.isFailure()).isTrue();
        assertThat(bad.message()).contains("bad prefix");
        bad = client.call("tfo_report", 8, Map.of(HEAVY, 10));
        assertThat(bad.isFailure()).isTrue();
        assertThat(bad.message()).contains("no offload 8");

        // The software path reports the heavy hitter: the next round offloads it.
        assertThat(client.call("tfo_report", 5, Map.of(HEAVY, 5000, "20.0.2.0/24", 40, "20.0.3.0/24", 30))
                        .isSuccess())
                .isTrue();
        rv = client.call("tfo_round", 5);
        assertThat(rv.isSuccess()).as(rv.message()).isTrue();
        assertThat(sw.flowsBesidesThePlatformRules(br, "OpenFlow13")).contains(softwareRule, fastRule);
        assertPacketsGoTo(3);

        // Its packets now pass the switch only: the rule's counters keep it offloaded while the other
        // prefix, reported once and quiet since, ages out.
        String otherRule = fastRule.replace(HEAVY, "20.0.2.0/24");
        long counted = 0;
        for (int i = 0; i < 12; i++) {
            RawUdp.send(ns, dev, List.of(new RawUdp.Flow("192.0.2.1", "20.0.1.9", 20)));
            counted += countedPackets(client.call("tfo_round", 5));
        }
        assertThat(sw.flowsBesidesThePlatformRules(br, "OpenFlow13")).contains(fastRule);
        for (int i = 0;
                i < 80 && sw.flowsBesidesThePlatformRules(br, "OpenFlow13").contains(otherRule);
                i++) {
            RawUdp.send(ns, dev, List.of(new RawUdp.Flow("192.0.2.1", "20.0.1.9", 20)));
            counted += countedPackets(client.call("tfo_round", 5));
        }
        assertThat(sw.flowsBesidesThePlatformRules(br, "OpenFlow13")).containsExactlyInAnyOrder(fastRule, softwareRule);
        // Every packet sent to the fast path was counted by its rule and fed to TFO (the switch updates its
        // counters with a delay, so the last batches may still be on their way).
        assertThat(counted).as("packets of the forwarding rule fed to TFO").isGreaterThanOrEqualTo(10 * 20);

        // Quiet: it ages out too and its packets go back to the software path.
        for (int i = 0;
                i < 80 && sw.flowsBesidesThePlatformRules(br, "OpenFlow13").contains(fastRule);
                i++) {
            client.call("tfo_round", 5);
        }
        assertThat(sw.flowsBesidesThePlatformRules(br, "OpenFlow13")).containsExactly(softwareRule);
        assertPacketsGoTo(2);

        // The same with the daemon's own timer: rounds every 200 ms.
        rv = client.call("tfo_configure", config(br, 200));
        assertThat(rv.isSuccess()).as(rv.message()).isTrue();
        client.call("tfo_report", 5, Map.of(HEAVY, 5000));
        await(
                "the timer offloads the heavy hitter",
                WAIT,
                () -> sw.flowsBesidesThePlatformRules(br, "OpenFlow13").contains(fastRule));
        await(
                "the timer retires it once quiet",
                WAIT,
                () -> !sw.flowsBesidesThePlatformRules(br, "OpenFlow13").contains(fastRule));

        Map<?, ?> status = (Map<?, ?>) client.call("tfo_status", 5).value();
        assertThat(status.get("fast_path_port")).isEqualTo(3);
        rv = client.call("tfo_remove", 5);
        assertThat(rv.isSuccess()).as(rv.message()).isTrue();
        assertThat(sw.flowsBesidesThePlatformRules(br, "OpenFlow13")).isEmpty();
    }

    private static long countedPackets(ReturnValue round) {
        assertThat(round.isSuccess()).as(round.message()).isTrue();
        return ((Number) ((Map<?, ?>) ((Map<?, ?>) round.value()).get("last_round")).get("counted_packets"))
                .longValue();
    }

    private static String config(String bridge, int interval) {
        return """
                {"id": 5, "switch_name": "%s", "in_port": 1, "software_port": 2, "fast_path_port": 3, "capacity": 2,
                 "windows": [1, 2], "interval_millis": %d}""".formatted(bridge, interval);
    }

    /** 10 packets to an address of the heavy prefix must all leave by {@code port}, none by the other path. */
    private void assertPacketsGoTo(int port) throws Exception {
        Map<Integer, Long> before = RawUdp.txPackets(sw, br);
        RawUdp.send(ns, dev, List.of(new RawUdp.Flow("192.0.2.1", "20.0.1.9", 10)));
        await(
                "10 packets leave by port " + port,
                WAIT,
                () -> RawUdp.since(before, RawUdp.txPackets(sw, br)).getOrDefault(port, 0L) >= 10);
        Thread.sleep(200);
        Map<Integer, Long> sent = RawUdp.since(before, RawUdp.txPackets(sw, br));
        assertThat(sent.getOrDefault(port, 0L)).isEqualTo(10L);
        assertThat(sent.getOrDefault(port == 2 ? 3 : 2, 0L)).isZero();
        Set<String> flows = new TreeSet<>(sw.flowsBesidesThePlatformRules(br, "OpenFlow13"));
        assertThat(flows).isNotEmpty();
    }
}
