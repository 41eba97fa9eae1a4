package org.flowstream.openflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowstream.openflow.OvsTestSwitch.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.flowstream.balancer.Assignment;
import org.flowstream.common.ovs.OpenVswitch;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.net.Ipv4Address;
import org.flowstream.contracts.net.Ipv4Prefix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The live prefix load balancer (§2.2) on a real Open vSwitch with real packets: UDP from many source
 * addresses enters on the source-side port (and to many destination addresses on the destination side),
 * and each machine port must send exactly the packets of the prefixes its rules say. Then measured load
 * (module host reports, then the switch's own rule counters) drives incremental re-balancing, machines are
 * added and removed, and a restarted daemon resumes the balancer with the same rules.
 */
class LoadBalancerOvsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int SRC_SIDE = 1, DST_SIDE = 2;
    private static final List<Integer> MACHINE_PORTS = List.of(3, 4, 5, 6);

    private OvsTestSwitch sw;
    private OpenflowDaemon daemon;
    private String br, nsOut, outSrc, outDst;

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
    void packetsFollowTheBalancersRulesBeforeAndAfterReBalancingAndARestart() throws Exception {
        sw = OvsTestSwitch.start();
        daemon = sw.startDaemon();
        DaemonClient client = OvsTestSwitch.client(daemon);
        br = sw.bridge("OpenFlow13");
        // The outside world: one namespace with an interface on each outside port. The machines: one
        // namespace, one interface per machine port (what reaches a port is counted by the switch).
        nsOut = sw.netns("lbto");
        String nsMachines = sw.netns("lbtm");
        String suffix = OpenVswitch.randomName("").substring(0, 6);
        outSrc = "ls" + suffix;
        outDst = "ld" + suffix;
        sw.ovs.addVethPort(br, "ps" + suffix, SRC_SIDE, outSrc, nsOut);
        sw.ovs.addVethPort(br, "pd" + suffix, DST_SIDE, outDst, nsOut);
        for (int port : MACHINE_PORTS) {
            sw.ovs.addVethPort(br, "p" + port + suffix, port, "m" + port + suffix, nsMachines);
        }
        RawUdp.quietIpv6(sw, nsOut, nsMachines);
        sw.ovs.setController(br, "unix:" + sw.controllerSocket());
        await(
                "the bridge connects",
                WAIT,
                () -> daemon.rules().lastReconcile(br).isPresent());

        // Bad requests fail clearly and change nothing.
        ReturnValue bad = client.call("lb_configure", config("nosuchbridge", "auto", -1));
        assertThat(bad.isFailure()).isTrue();
        assertThat(bad.message()).contains("unknown switch nosuchbridge");
        bad = client.call("lb_configure", config(br, "auto", -1).replace("\"capacity\": 1}", "\"capacity\": -2}"));
        assertThat(bad.isFailure()).isTrue();
        assertThat(bad.message()).contains("capacity must be a positive number");
        bad = client.call("lb_configure", config(br, "auto", -1).replace("\"port\": 5", "\"port\": 77"));
        assertThat(bad.isFailure()).as(bad.message()).isTrue();
        assertThat(bad.message()).contains("port 77 does not exist on switch " + br);
        assertThat(sw.flowsBesidesThePlatformRules(br, "OpenFlow13")).isEmpty();

        // Three machines of equal capacity; ports 3, 4, 5.
        ReturnValue rv = client.call("lb_configure", config(br, "auto", 0));
        assertThat(rv.isSuccess()).as(rv.message()).isTrue();
        assertSwitchHasTheDesiredRules();
        Assignment first = assignment(client);
        assertThat(first.prefixes()).isNotEmpty();
        checkPacketsFollow(first);

        bad = client.call("lb_report_load", 1, Map.of("10.0.0.1/24", 5));
        assertThat(bad.isFailure()).isTrue();
        assertThat(bad.message()).contains("bad prefix '10.0.0.1/24'");
        bad = client.call("lb_report_load", 9, Map.of("10.0.0.0/24", 5));
        assertThat(bad.isFailure()).isTrue();
        assertThat(bad.message()).contains("no load balancer 9");
        bad = client.call("lb_add_machine", 1, Map.of("name", "m9", "port", 9, "capacity", -1));
        assertThat(bad.isFailure()).isTrue();
        assertThat(bad.message()).contains("capacity must be a positive number");

        // Module hosts report (sampled 1 in 100) that the traffic sits in one region: m2's first prefix gets
        // nearly all of it. The imbalance is far above 1.1, so the balancer moves prefixes.
        Ipv4Prefix hot = first.prefixes().entrySet().stream()
                .filter(e -> e.getValue().equals("m2"))
                .findFirst()
                .orElseThrow()
                .getKey();
        Map<String, Object> report = new LinkedHashMap<>();
        for (Ipv4Prefix p : List.of(
                hot.left().left(),
                hot.left().right(),
                hot.right().left(),
                hot.right().right())) {
            report.put(p.toString(), 500);
        }
        assertThat(client.call("lb_report_load", 1, report, 100).isSuccess()).isTrue();
        rv = client.call("lb_rebalance", 1);
        assertThat(rv.isSuccess()).as(rv.message()).isTrue();
        Map<?, ?> round = (Map<?, ?>) ((Map<?, ?>) rv.value()).get("last_round");
        assertThat(round.get("source")).isEqualTo("reports");
        assertThat(round.get("rebalanced")).as(rv.message()).isEqualTo(true);
        Assignment second = assignment(client);
        assertThat(second.prefixes()).isNotEqualTo(first.prefixes());
        assertSwitchHasTheDesiredRules();
        checkPacketsFollow(second);

        // The second source: the switch's own counters. Real packets from one small region, no reports.
        Ipv4Prefix region = Ipv4Prefix.of(Ipv4Address.parse("203.0.113.0").bits(), 24);
        String busy = second.owner(region.bits());
        List<RawUdp.Flow> heavy = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            heavy.add(new RawUdp.Flow("203.0.113." + (i * 16), "198.51.100.1", 50));
        }
        RawUdp.send(nsOut, outSrc, heavy);
        await("the counters show the packets", WAIT, () -> {
            daemon.stats().refresh();
            return daemon.stats().flows(br).stream().mapToLong(f -> f.packets()).sum() >= 400;
        });
        rv = client.call("lb_rebalance", 1);
        round = (Map<?, ?>) ((Map<?, ?>) rv.value()).get("last_round");
        assertThat(round.get("source")).as(rv.message()).isEqualTo("counters");
        assertThat(round.get("rebalanced")).as(rv.message()).isEqualTo(true);
        Assignment third = assignment(client);
        assertThat(third.prefixes()).isNotEqualTo(second.prefixes());
        assertThat(((Number) round.get("imbalance")).doubleValue())
                .as("the counters showed " + busy + " overloaded")
                .isGreaterThan(1.1);
        assertSwitchHasTheDesiredRules();
        checkPacketsFollow(third);

        // Machines come and go.
        rv = client.call("lb_add_machine", 1, Map.of("name", "m4", "port", 6, "capacity", 1.0));
        assertThat(rv.isSuccess()).as(rv.message()).isTrue();
        Assignment fourth = assignment(client);
        assertThat(fourth.prefixes()).containsValue("m4");
        assertSwitchHasTheDesiredRules();
        checkPacketsFollow(fourth);
        rv = client.call("lb_remove_machine", 1, "m2");
        assertThat(rv.isSuccess()).as(rv.message()).isTrue();
        Assignment fifth = assignment(client);
        assertThat(fifth.prefixes()).doesNotContainValue("m2");
        assertThat(sw.flowsBesidesThePlatformRules(br, "OpenFlow13"))
                .noneMatch(f -> f.contains("in_port=4") || f.contains("output:4"));
        assertSwitchHasTheDesiredRules();
        checkPacketsFollow(fifth);

        // A restarted daemon resumes the balancer: same assignment, the same rules on the switch.
        Set<String> flowsBefore = sw.flowsBesidesThePlatformRules(br, "OpenFlow13");
        daemon.stop();
        daemon = sw.startDaemon();
        client = OvsTestSwitch.client(daemon);
        await(
                "the bridge reconnects",
                WAIT,
                () -> daemon.rules().lastReconcile(br).isPresent());
        assertThat(assignment(client).prefixes()).isEqualTo(fifth.prefixes());
        assertThat(sw.flowsBesidesThePlatformRules(br, "OpenFlow13")).isEqualTo(flowsBefore);
        checkPacketsFollow(fifth);

        rv = client.call("lb_remove", 1);
        assertThat(rv.isSuccess()).as(rv.message()).isTrue();
        assertThat(sw.flowsBesidesThePlatformRules(br, "OpenFlow13")).isEmpty();
        assertThat(client.call("lb_status", 1).isFailure()).isTrue();
    }

    /** The lb_configure request; {@code interval} 0 runs rounds only on lb_rebalance. */
    private static String config(String bridge, String source, int interval) {
        return """
                {"id": 1, "switch_name": "%s", "source_side_port": 1, "destination_side_port": 2, "load_source": "%s",
                 "interval_millis": %d,
                 "machines": [{"name": "m1", "port": 3, "capacity": 1}, {"name": "m2", "port": 4, "capacity": 1},
                              {"name": "m3", "port": 5, "capacity": 1}]}""".formatted(bridge, source, Math.max(0, interval));
    }

    private void assertSwitchHasTheDesiredRules() {
        Set<String> want = new TreeSet<>();
        daemon.rules().rules(br).forEach(r -> want.add(r.toString()));
        assertThat(sw.flows(br, "OpenFlow13")).isEqualTo(want);
    }

    /** The installed assignment as lb_status reports it. */
    private static Assignment assignment(DaemonClient client) {
        ReturnValue rv = client.call("lb_status", 1);
        assertThat(rv.isSuccess()).as(rv.message()).isTrue();
        Map<?, ?> status = (Map<?, ?>) rv.value();
        Map<Ipv4Prefix, String> prefixes = new TreeMap<>();
        ((Map<?, ?>) status.get("assignment"))
                .forEach((p, m) -> prefixes.put(Ipv4Prefix.parse((String) p), (String) m));
        return new Assignment((String) status.get("default_machine"), prefixes);
    }

    private static final Map<String, Integer> PORT_OF = Map.of("m1", 3, "m2", 4, "m3", 5, "m4", 6);

    /**
     * Sends packets from 16 source addresses spread over the space (source side) and to 16 destinations
     * (destination side), and checks that every machine port sent exactly the packets the assignment gives it.
     */
    private void checkPacketsFollow(Assignment a) throws Exception {
        List<RawUdp.Flow> fromSrcSide = new ArrayList<>();
        List<RawUdp.Flow> fromDstSide = new ArrayList<>();
        Map<Integer, Long> expected = new TreeMap<>();
        MACHINE_PORTS.forEach(p -> expected.put(p, 0L));
        for (int i = 0; i < 16; i++) {
            String src = "%d.%d.7.%d".formatted(i * 16 + 3, i * 11 % 256, i + 1);
            int count = 3 + i % 4;
            fromSrcSide.add(new RawUdp.Flow(src, "198.51.100.1", count));
            expected.merge(PORT_OF.get(a.owner(Ipv4Address.parse(src).bits())), (long) count, Long::sum);
            String dst = "%d.%d.9.%d".formatted(i * 16 + 9, i * 7 % 256, i + 1);
            fromDstSide.add(new RawUdp.Flow("198.51.100.1", dst, 2));
            expected.merge(PORT_OF.get(a.owner(Ipv4Address.parse(dst).bits())), 2L, Long::sum);
        }
        long total = expected.values().stream().mapToLong(Long::longValue).sum();
        Map<Integer, Long> before = RawUdp.txPackets(sw, br);
        RawUdp.send(nsOut, outSrc, fromSrcSide);
        RawUdp.send(nsOut, outDst, fromDstSide);
        await(
                "the machine ports sent " + total + " packets",
                WAIT,
                () -> machinePackets(RawUdp.since(before, RawUdp.txPackets(sw, br))) >= total);
        Thread.sleep(200); // nothing more may come
        Map<Integer, Long> sent = RawUdp.since(before, RawUdp.txPackets(sw, br));
        Map<Integer, Long> actual = new TreeMap<>();
        MACHINE_PORTS.forEach(p -> actual.put(p, sent.getOrDefault(p, 0L)));
        assertThat(actual).as("packets per machine port for assignment " + a).isEqualTo(expected);
    }

    private static long machinePackets(Map<Integer, Long> sent) {
        return MACHINE_PORTS.stream().mapToLong(p -> sent.getOrDefault(p, 0L)).sum();
    }
}
