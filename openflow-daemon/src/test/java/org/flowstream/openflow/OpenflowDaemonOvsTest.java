package org.flowstream.openflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flowstream.openflow.OvsTestSwitch.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flowstream.common.ovs.OpenVswitch;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.match.Match;
import org.flowstream.openflow.channel.SwitchConnection;
import org.flowstream.openflow.channel.SwitchErrorException;
import org.flowstream.openflow.connections.PlatformRules;
import org.flowstream.openflow.rules.Cookies;
import org.flowstream.openflow.rules.Rule;
import org.flowstream.openflow.rules.openflow.LoxiMatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** The openflow daemon against a real Open vSwitch (userspace datapath, private namespace). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenflowDaemonOvsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The platform's rule on every switch (dropping daisy-chain frames), as ovs-ofctl shows it. */
    private static final String PLATFORM_RULE = PlatformRules.rules().getFirst().toString();

    private OvsTestSwitch sw;
    private OpenflowDaemon daemon;
    private DaemonClient client;

    @BeforeAll
    void start() throws Exception {
        sw = OvsTestSwitch.start();
        daemon = sw.startDaemon();
        client = OvsTestSwitch.client(daemon);
    }

    @AfterAll
    void stop() {
        if (daemon != null) {
            daemon.stop();
        }
        if (sw != null) {
            sw.close();
        }
    }

    /** A bridge connected to the shared daemon, ready once the daemon has reconciled it. */
    private String connectedBridge(String... protocols) throws Exception {
        String br = sw.bridge(protocols);
        sw.ovs.setController(br, "unix:" + sw.controllerSocket());
        await(
                "bridge " + br + " connects",
                WAIT,
                () -> daemon.rules().lastReconcile(br).isPresent());
        return br;
    }

    private static String wiring(int allocId, String match, int from, int to, String pms) {
        return """
                {"alloc_id": %d, "match": "%s", "from_port": %d, "to_port": %d, "pms": [%s]}""".formatted(allocId, match, from, to, pms);
    }

    private Set<String> expected(String br) {
        Set<String> set = new TreeSet<>();
        daemon.rules().rules(br).forEach(r -> set.add(r.toString()));
        return set;
    }

    @Test
    void installsAWiringWithAVlanTagPerHopOnOpenflow13And10() throws Exception {
        for (String version : List.of("OpenFlow13", "OpenFlow10")) {
            String br = connectedBridge(version);
            // Two PMs behind one shared switch port (3), as on a module host with one NIC (§2.2.6).
            ReturnValue rv = client.call(
                    "create_connections",
                    br,
                    0,
                    wiring(
                            7,
                            "ip,nw_src=10.0.0.0/8",
                            1,
                            2,
                            "{\"name\": \"fw\", \"port\": 3}, {\"name\": \"nat\", \"port\": 3}"));
            assertThat(rv.isSuccess()).as(rv.message()).isTrue();
            String c = Cookies.hex(Cookies.allocation(7));
            Set<String> want = Set.of(
                    "cookie=" + c
                            + ",table=0,priority=1000,ip,in_port=1,nw_src=10.0.0.0/8 actions=mod_vlan_vid:100,output:3",
                    "cookie=" + c + ",table=0,priority=1000,in_port=3,dl_vlan=101 actions=output:in_port",
                    "cookie=" + c + ",table=0,priority=1000,in_port=3,dl_vlan=102 actions=strip_vlan,output:2",
                    PLATFORM_RULE);
            assertThat(expected(br)).isEqualTo(want);
            assertThat(sw.flows(br, version))
                    .as("ovs-ofctl dump-flows on " + version)
                    .isEqualTo(want);
            Map<?, ?> value = (Map<?, ?>) rv.value();
            Map<?, ?> fw = (Map<?, ?>) ((Object[]) ((Map<?, ?>) ((Object[]) value.get("paths"))[0]).get("pms"))[0];
            assertThat(fw.get("vlan_in")).isEqualTo(100);
            assertThat(fw.get("vlan_out")).isEqualTo(101);
            // What the switch reports reads back as exactly what was asked: a reconcile changes nothing.
            Map<?, ?> report =
                    (Map<?, ?>) ((Object[]) client.call("reconcile", br).value())[0];
            assertThat(report.get("unchanged")).as(version).isEqualTo(4);
            assertThat(report.get("added")).as(version).isEqualTo(0);
            assertThat(report.get("removed")).as(version).isEqualTo(0);
        }
        ReturnValue switches = client.call("list_switches");
        assertThat((Object[]) switches.value()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void deletingAnAllocationRemovesExactlyItsRules() throws Exception {
        String br = connectedBridge("OpenFlow13");
        sw.ovs.ofctl("-O", "OpenFlow13", "add-flow", br, "cookie=0x1234,priority=5,arp,actions=drop");
        assertThat(client.call("create_connections", br, 0, wiring(1, "ip,nw_src=10.1.0.0/16", 1, 2, "{\"port\": 3}"))
                        .isSuccess())
                .isTrue();
        assertThat(client.call("create_connections", br, 0, wiring(2, "ip,nw_src=10.2.0.0/16", 1, 2, "{\"port\": 4}"))
                        .isSuccess())
                .isTrue();
        Set<String> second = new TreeSet<>();
        daemon.rules().rules(br, r -> r.cookie() == Cookies.allocation(2)).forEach(r -> second.add(r.toString()));
        assertThat(second).hasSize(2);

        ReturnValue rv = client.call("delete_connections", br, 0, "{\"alloc_id\": 1}");
        assertThat(rv.isSuccess()).as(rv.message()).isTrue();
        Set<String> want = new TreeSet<>(second);
        want.add("cookie=0x1234,table=0,priority=5,arp actions=drop");
        want.add(PLATFORM_RULE);
        assertThat(sw.flows(br, "OpenFlow13")).isEqualTo(want);
        // Deleting again is harmless and says so.
        ReturnValue again = client.call("delete_connections", br, 0, "1");
        assertThat(again.isSuccess()).isTrue();
        assertThat(again.message()).contains("has no rules");
    }

    @Test
    void overlappingTrafficOfTwoAllocationsIsRefusedAndChangesNothing() throws Exception {
        String br = connectedBridge("OpenFlow13");
        assertThat(client.call("create_connections", br, 0, wiring(11, "ip,nw_src=10.0.0.0/8", 1, 2, ""))
                        .isSuccess())
                .isTrue();
        Set<String> before = sw.flows(br, "OpenFlow13");
        ReturnValue rv =
                client.call("create_connections", br, 0, wiring(12, "udp,nw_src=10.9.0.0/16,tp_dst=53", 1, 2, ""));
        assertThat(rv.isFailure()).isTrue();
        assertThat(rv.message()).contains("overlaps allocation 11");
        assertThat(sw.flows(br, "OpenFlow13")).isEqualTo(before);
        // Disjoint prefixes, or the same prefix entering at another port, are fine.
        assertThat(client.call("create_connections", br, 0, wiring(13, "ip,nw_src=11.0.0.0/8", 1, 2, ""))
                        .isSuccess())
                .isTrue();
        assertThat(client.call("create_connections", br, 0, wiring(14, "ip,nw_src=10.0.0.0/8", 5, 2, ""))
                        .isSuccess())
                .isTrue();
        // Bad input names what is wrong.
        ReturnValue bad = client.call(
                "create_connections",
                br,
                0,
                "{\"alloc_id\": 15, \"match\": \"ip,nw_src=10.0.0.0/40\", \"from_port\": 1, \"to_port\": 2}");
        assertThat(bad.isFailure()).isTrue();
        assertThat(bad.message()).contains("nw_src");
    }

    @Test
    void reconcileRemovesStrayRulesWithOurCookieAndKeepsForeignOnes() throws Exception {
        String br = connectedBridge("OpenFlow13");
        assertThat(client.call(
                                "create_connections",
                                br,
                                0,
                                wiring(21, "ip,nw_dst=192.168.0.0/24", 1, 2, "{\"port\": 3}"))
                        .isSuccess())
                .isTrue();
        Set<String> desired = expected(br);
        // Behind the daemon's back: a rule with our cookie (allocation 99), a foreign rule, and one desired rule gone.
        sw.ovs.ofctl(
                "-O",
                "OpenFlow13",
                "add-flow",
                br,
                "cookie=" + Cookies.hex(Cookies.allocation(99)) + ",priority=7,ip,nw_dst=1.2.3.4,actions=output:2");
        sw.ovs.ofctl("-O", "OpenFlow13", "add-flow", br, "cookie=0xabc,priority=8,ip,nw_dst=5.6.7.8,actions=output:1");
        sw.ovs.ofctl(
                "-O", "OpenFlow13", "--strict", "del-flows", br, "priority=1000,ip,in_port=1,nw_dst=192.168.0.0/24");

        ReturnValue rv = client.call("reconcile", br);
        assertThat(rv.isSuccess()).as(rv.message()).isTrue();
        Map<?, ?> report = (Map<?, ?>) ((Object[]) rv.value())[0];
        assertThat(report.get("added")).isEqualTo(1);
        assertThat(report.get("removed")).isEqualTo(1);
        assertThat(report.get("foreign_kept")).isEqualTo(1);
        Set<String> want = new TreeSet<>(desired);
        want.add("cookie=0xabc,table=0,priority=8,ip,nw_dst=5.6.7.8 actions=output:1");
        assertThat(sw.flows(br, "OpenFlow13")).isEqualTo(want);
    }

    @Test
    void restartingOvsVswitchdEndsWithTheSameTable() throws Exception {
        String br = connectedBridge("OpenFlow13");
        assertThat(client.call(
                                "create_connections",
                                br,
                                0,
                                wiring(31, "tcp,nw_src=172.16.0.0/12,tp_dst=80", 1, 2, "{\"port\": 3}"))
                        .isSuccess())
                .isTrue();
        Set<String> before = sw.flows(br, "OpenFlow13");
        assertThat(before).hasSize(3).contains(PLATFORM_RULE);
        SwitchConnection old = daemon.switches().get(br).orElseThrow();
        sw.ovs.restartVswitchd();
        await(
                "the switch reconnects and is reconciled",
                WAIT,
                () -> daemon.switches().get(br).filter(c -> c != old).isPresent()
                        && daemon.rules()
                                .lastReconcile(br)
                                .map(r -> r.at().isAfter(old.connectedAt()))
                                .orElse(false));
        await("the table is back", WAIT, () -> sw.flows(br, "OpenFlow13").equals(before));
    }

    /**
     * Group commit on a real switch: 24 clients create at once (each a path through one PM behind a shared port), then
     * half of them delete while others create. Every call succeeds, the switch holds exactly the rules the daemon
     * wants, each hop has its own VLAN tag, and a daemon started on the saved state alone wants the same rules.
     */
    @Test
    void concurrentCreatesAndDeletesFromManyClientsAreAllSavedAndOnTheSwitch() throws Exception {
        String br = sw.bridge("OpenFlow13");
        Path state = sw.tmp.resolve("state-burst");
        Path socket = sw.socket("ctl-burst");
        sw.ovs.setController(br, "unix:" + socket);
        OpenflowDaemon burst = new OpenflowDaemon(sw.daemonConfig(state, socket, List.of()));
        burst.start();
        Set<String> wanted;
        try {
            await("connect", WAIT, () -> burst.rules().lastReconcile(br).isPresent());
            List<Callable<ReturnValue>> creates = new ArrayList<>();
            for (int id = 100; id < 124; id++) {
                int alloc = id;
                creates.add(() -> OvsTestSwitch.client(burst)
                        .call(
                                "create_connections",
                                br,
                                0,
                                wiring(alloc, "udp,nw_dst=10.9.9.9,tp_dst=" + alloc, 1, 2, "{\"port\": 3}")));
            }
            Set<Object> tags = new HashSet<>();
            for (ReturnValue rv : callAtOnce(creates)) {
                assertThat(rv.isSuccess()).as(rv.message()).isTrue();
                Map<?, ?> pm =
                        (Map<?, ?>) ((Object[]) ((Map<?, ?>) ((Object[]) ((Map<?, ?>) rv.value()).get("paths"))[0])
                                        .get("pms"))
                                [0];
                tags.add(pm.get("vlan_in"));
                tags.add(pm.get("vlan_out"));
            }
            assertThat(tags).as("a tag per hop").hasSize(48);
            List<Callable<ReturnValue>> mixed = new ArrayList<>();
            for (int id = 100; id < 112; id++) {
                int alloc = id;
                mixed.add(() -> OvsTestSwitch.client(burst).call("delete_connections", br, 0, alloc));
                mixed.add(() -> OvsTestSwitch.client(burst)
                        .call(
                                "create_connections",
                                br,
                                0,
                                wiring(alloc + 100, "udp,nw_dst=10.9.9.8,tp_dst=" + alloc, 1, 2, "{\"port\": 4}")));
            }
            for (ReturnValue rv : callAtOnce(mixed)) {
                assertThat(rv.isSuccess()).as(rv.message()).isTrue();
            }
            wanted = new TreeSet<>();
            burst.rules().rules(br).forEach(r -> wanted.add(r.toString()));
            assertThat(wanted).hasSize(48 + 1).contains(PLATFORM_RULE);
            assertThat(sw.flows(br, "OpenFlow13")).isEqualTo(wanted);
        } finally {
            burst.stop();
        }
        sw.ovs.ofctl("-O", "OpenFlow13", "del-flows", br);
        OpenflowDaemon restarted = new OpenflowDaemon(sw.daemonConfig(state, socket, List.of()));
        restarted.start();
        try {
            await(
                    "the saved state is put back on the switch",
                    WAIT,
                    () -> sw.flows(br, "OpenFlow13").equals(wanted));
            Set<Long> wired = new TreeSet<>();
            restarted.connections().all().forEach(i -> wired.add(i.wiring().allocId()));
            Set<Long> expected = new TreeSet<>();
            for (long id = 112; id < 124; id++) {
                expected.add(id);
                expected.add(id + 88); // 200..211
            }
            assertThat(wired).isEqualTo(expected);
        } finally {
            restarted.stop();
        }
    }

    /** Runs the calls on threads of their own, all released at once, and returns their answers in order. */
    private static List<ReturnValue> callAtOnce(List<Callable<ReturnValue>> calls) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(calls.size())) {
            List<Future<ReturnValue>> answers = new ArrayList<>();
            for (Callable<ReturnValue> call : calls) {
                answers.add(threads.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            List<ReturnValue> out = new ArrayList<>();
            for (Future<ReturnValue> answer : answers) {
                out.add(answer.get(60, TimeUnit.SECONDS));
            }
            return out;
        }
    }

    @Test
    void aRestartedDaemonReconcilesTowardItsSavedRules() throws Exception {
        String br = sw.bridge("OpenFlow13");
        Path state = sw.tmp.resolve("state-restart");
        Path socket = sw.socket("ctl-restart");
        sw.ovs.setController(br, "unix:" + socket);
        OpenflowDaemon first = new OpenflowDaemon(sw.daemonConfig(state, socket, List.of()));
        first.start();
        Set<String> before;
        try {
            await("connect", WAIT, () -> first.rules().lastReconcile(br).isPresent());
            ReturnValue rv = OvsTestSwitch.client(first)
                    .call("create_connections", br, 0, wiring(41, "ip,nw_src=10.41.0.0/16", 1, 2, ""));
            assertThat(rv.isSuccess()).as(rv.message()).isTrue();
            before = sw.flows(br, "OpenFlow13");
            assertThat(before).contains(PLATFORM_RULE);
        } finally {
            first.stop();
        }
        assertThat(Files.exists(state.resolve("openflow-rules.json"))).isTrue();
        sw.ovs.ofctl("-O", "OpenFlow13", "del-flows", br);
        assertThat(sw.flows(br, "OpenFlow13")).isEmpty();
        OpenflowDaemon second = new OpenflowDaemon(sw.daemonConfig(state, socket, List.of()));
        second.start();
        try {
            await(
                    "the restarted daemon reinstalls the saved rules",
                    WAIT,
                    () -> sw.flows(br, "OpenFlow13").equals(before));
            assertThat(second.connections().get(br, 41)).isPresent();
        } finally {
            second.stop();
        }
    }

    @Test
    void connectsOutToAListeningSwitchAndReconnectsAfterItRestarts() throws Exception {
        String br = sw.bridge("OpenFlow10", "OpenFlow13");
        Path state = sw.tmp.resolve("state-out");
        OpenflowDaemon out = new OpenflowDaemon(
                sw.daemonConfig(state, sw.socket("ctl-out"), List.of("unix:" + sw.ovs.mgmtSocket(br))));
        out.start();
        try {
            await("connected out", WAIT, () -> out.rules().lastReconcile(br).isPresent());
            assertThat(out.switches().get(br).orElseThrow().version().toString())
                    .isEqualTo("OF_13");
            ReturnValue rv = OvsTestSwitch.client(out)
                    .call("create_connections", br, 0, wiring(51, "ip,nw_src=10.51.0.0/16", 1, 2, ""));
            assertThat(rv.isSuccess()).as(rv.message()).isTrue();
            Set<String> before = sw.flows(br, "OpenFlow13");
            SwitchConnection old = out.switches().get(br).orElseThrow();
            sw.ovs.restartVswitchd();
            await(
                    "reconnected with backoff",
                    WAIT,
                    () -> out.switches().get(br).filter(c -> c != old).isPresent());
            await("the table is back", WAIT, () -> sw.flows(br, "OpenFlow13").equals(before));
        } finally {
            out.stop();
        }
    }

    @Test
    void anErrorFromTheSwitchFailsTheRequestThatCausedItAndAChangeItRefusesIsUndone() throws Exception {
        String br = connectedBridge("OpenFlow13");
        SwitchConnection conn = daemon.switches().get(br).orElseThrow();
        OFFactory f = conn.factory();
        OFMessage good = f.buildFlowAdd()
                .setXid(conn.nextXid())
                .setTableId(TableId.of(0))
                .setPriority(3)
                .setCookie(U64.of(0x77))
                .setMatch(LoxiMatch.build(Match.parse("ip,nw_dst=9.9.9.9"), f))
                .setInstructions(List.of(
                        f.instructions().applyActions(List.of(f.actions().output(OFPort.of(2), 0xffff)))))
                .build();
        // Port 0xff00 is no port (OFPP_MAX): Open vSwitch refuses the output action.
        long badXid = conn.nextXid();
        OFMessage bad = f.buildFlowAdd()
                .setXid(badXid)
                .setTableId(TableId.of(0))
                .setPriority(4)
                .setCookie(U64.of(0x77))
                .setMatch(LoxiMatch.build(Match.parse("ip,nw_dst=9.9.9.8"), f))
                .setInstructions(List.of(
                        f.instructions().applyActions(List.of(f.actions().output(OFPort.of(0xff00), 0xffff)))))
                .build();
        assertThatThrownBy(() -> conn.sendBatch(List.of(good, bad)).get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(SwitchErrorException.class)
                .hasMessageContaining("xid " + badXid)
                .hasMessageNotContaining("xid " + good.getXid());
        assertThat(conn.barrier().get(20, TimeUnit.SECONDS))
                .as("the connection still works")
                .isNull();

        Set<String> before = sw.flows(br, "OpenFlow13");
        long cookie = Cookies.cookie(Cookies.OwnerKind.OPERATOR, 1);
        Rule fine = Rule.of(0, 20, "ip,nw_dst=8.8.8.8", List.of("output:2"), cookie);
        Rule refused = Rule.of(0, 21, "ip,nw_dst=8.8.8.9", List.of("output:65280"), cookie);
        assertThatThrownBy(() -> daemon.rules().change(br, List.of(fine, refused), List.of()))
                .hasMessageContaining("nothing changed");
        assertThat(daemon.rules().rules(br, r -> r.cookie() == cookie)).isEmpty();
        assertThat(sw.flows(br, "OpenFlow13")).isEqualTo(before);
    }

    @Test
    void portStatusUpdatesThePortsAndStatisticsAreServedPerPort() throws Exception {
        String br = connectedBridge("OpenFlow13");
        String port = OpenVswitch.randomName("ofi");
        sw.ovs.addInternalPort(br, port, 9);
        await(
                "the port status message reaches the daemon",
                WAIT,
                () -> daemon.switches().get(br).orElseThrow().ports().containsKey(9));
        assertThat(daemon.switches().get(br).orElseThrow().ports().get(9).name())
                .isEqualTo(port);
        sw.ovs.deletePort(br, port);
        await(
                "the port's removal reaches the daemon",
                WAIT,
                () -> !daemon.switches().get(br).orElseThrow().ports().containsKey(9));
        ReturnValue ports = client.call("get_port_stats", br);
        assertThat(ports.isSuccess()).isTrue();
        await(
                "port statistics polled",
                WAIT,
                () -> ((Object[]) ((Map<?, ?>) client.call("get_port_stats", br).value()).get("ports")).length > 0);
        ReturnValue rules = client.call("list_rules", br);
        assertThat(rules.isSuccess()).isTrue();
        Set<String> names = new HashSet<>();
        for (Object o : (Object[]) client.call("list_switches").value()) {
            names.add(String.valueOf(((Map<?, ?>) o).get("name")));
        }
        assertThat(names).contains(br);
    }
}
