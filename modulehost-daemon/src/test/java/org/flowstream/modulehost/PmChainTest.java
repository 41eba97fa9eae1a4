package org.flowstream.modulehost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.flowstream.common.netns.IpCommand;
import org.flowstream.common.netns.NetworkNamespace;
import org.flowstream.common.rpc.ReturnValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real packets through a chain of PMs started by the module host daemon: host A sends UDP to host B through a
 * firewall PM (dropping UDP port 22), a counter PM and a mirror PM whose copies go to host M; OpenFlow rules
 * (ovs-ofctl, standing in for the openflow daemon) steer the traffic by the ports create_pm reported.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PmChainTest {

    private PlatformFixture platform;
    private PlatformFixture.Host a;
    private PlatformFixture.Host b;
    private PlatformFixture.Host m;
    private final Map<String, Map<String, Object>> pms = new LinkedHashMap<>();

    @BeforeAll
    void start() throws Exception {
        PlatformFixture.assumePlatform();
        platform = new PlatformFixture();
        a = platform.host("a", "10.77.0.1");
        b = platform.host("b", "10.77.0.2");
        m = platform.host("m", "10.77.0.3");
        PlatformFixture.neighbour(a, b);
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private Map<String, Object> createPm(String name, String config) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("name", name);
        pm.put("config", config);
        ReturnValue answer = platform.client.call("create_pm", pm);
        assertThat(answer.isSuccess()).as(answer.message()).isTrue();
        @SuppressWarnings("unchecked")
        Map<String, Object> struct = (Map<String, Object>) answer.value();
        pms.put(name, struct);
        return struct;
    }

    /** The OpenFlow port of a PM's port (p0, p1, ...) as create_pm reported it. */
    private int ofport(String pm, String port) {
        for (Object p : (Object[]) pms.get(pm).get("ports")) {
            Map<?, ?> s = (Map<?, ?>) p;
            if (s.get("name").equals(port)) {
                return (Integer) s.get("ofport");
            }
        }
        throw new AssertionError(pm + " has no port " + port);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> listed(String name) {
        ReturnValue answer = platform.client.call("list_pms");
        assertThat(answer.isSuccess()).as(answer.message()).isTrue();
        for (Object o : (Object[]) answer.value()) {
            Map<String, Object> pm = (Map<String, Object>) o;
            if (pm.get("name").equals(name)) {
                return pm;
            }
        }
        return null;
    }

    /** Polls list_pms until the PM's struct satisfies the condition (the PM rewrites its counters each second). */
    private Map<String, Object> awaitListed(String name, Predicate<Map<String, Object>> condition)
            throws InterruptedException {
        Map<String, Object> pm = null;
        for (int i = 0; i < 600; i++) {
            pm = listed(name);
            if (pm != null && condition.test(pm)) {
                return pm;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("condition never held for PM " + name + ": " + pm);
    }

    @SuppressWarnings("unchecked")
    private static long stat(Map<String, Object> pm, String group, String key, String field) {
        Map<String, Object> stats = (Map<String, Object>) pm.get("stats");
        Map<String, Object> g = stats == null ? null : (Map<String, Object>) stats.get(group);
        Map<String, Object> entry = g == null ? null : (Map<String, Object>) g.get(key);
        Object value = entry == null ? null : entry.get(field);
        return value instanceof Number n ? n.longValue() : -1;
    }

    @Test
    @Order(1)
    void trafficCrossesFirewallCounterAndMirrorAsConfigured() throws Exception {
        String fw = "fw" + platform.suffix;
        String cnt = "cnt" + platform.suffix;
        String mir = "mir" + platform.suffix;
        createPm(fw, "FromDevice(p0) -> filter :: IPFilter(deny udp dst port 22, allow all) -> ToDevice(p1)");
        createPm(cnt, "FromDevice(p0) -> c :: Counter -> ToDevice(p1)");
        createPm(mir, "m :: Mirror; FromDevice(p0) -> m; m[0] -> ToDevice(p1); m[1] -> ToDevice(p2)");
        assertThat(ofport(fw, "p0")).isPositive();

        platform.flow("priority=100,in_port=%d,udp,actions=output:%d".formatted(a.ofport(), ofport(fw, "p0")));
        platform.flow("priority=100,in_port=%d,actions=output:%d".formatted(ofport(fw, "p1"), ofport(cnt, "p0")));
        platform.flow("priority=100,in_port=%d,actions=output:%d".formatted(ofport(cnt, "p1"), ofport(mir, "p0")));
        platform.flow("priority=100,in_port=%d,actions=output:%d".formatted(ofport(mir, "p1"), b.ofport()));
        platform.flow("priority=100,in_port=%d,actions=output:%d".formatted(ofport(mir, "p2"), m.ofport()));

        int allowed = 40;
        int blocked = 15;
        Traffic.Listener atB = Traffic.receive(b.ns(), allowed, 5000, 22);
        Traffic.Listener atM = Traffic.sniff(m.ns(), m.ifname(), 5000, allowed);
        try {
            // Blocked traffic first: when the last allowed datagram has arrived, any leak of port 22 would have too.
            Traffic.send(a.ns(), b.ip(), 22, blocked);
            Traffic.send(a.ns(), b.ip(), 5000, allowed);
            assertThat(atB.result()).isEqualTo("5000=%d 22=0".formatted(allowed));
            assertThat(atM.result()).isEqualTo(Integer.toString(allowed));
        } finally {
            atB.kill();
            atM.kill();
        }

        // The counters are a snapshot the PM rewrites every second: wait for one taken after the last packet.
        awaitListed(
                cnt,
                pm -> stat(pm, "elements", "c", "count") == allowed
                        && stat(pm, "ports", "p0", "rx_packets") == allowed
                        && stat(pm, "ports", "p1", "tx_packets") == allowed);
        awaitListed(
                fw,
                pm -> stat(pm, "elements", "filter", "rule1_matches") == blocked
                        && stat(pm, "elements", "filter", "rule2_matches") == allowed
                        && stat(pm, "ports", "p0", "rx_packets") == allowed + blocked
                        && stat(pm, "ports", "p1", "tx_packets") == allowed);
        awaitListed(
                mir,
                pm -> stat(pm, "ports", "p1", "tx_packets") == allowed
                        && stat(pm, "ports", "p2", "tx_packets") == allowed);
        // ...and nothing beyond what was sent.
        assertThat(stat(listed(cnt), "elements", "c", "count")).isEqualTo(allowed);

        ReturnValue load = platform.client.call("get_load");
        assertThat(load.isSuccess()).isTrue();
        Map<?, ?> cntLoad = null;
        for (Object o : (Object[]) ((Map<?, ?>) load.value()).get("pms")) {
            if (((Map<?, ?>) o).get("name").equals(cnt)) {
                cntLoad = (Map<?, ?>) o;
            }
        }
        assertThat(cntLoad).isNotNull();
        assertThat(((Map<?, ?>) ((Map<?, ?>) cntLoad.get("ports")).get("p0")).get("rx_packets"))
                .isEqualTo(allowed);
        assertThat(cntLoad.get("rss_bytes")).isNotNull();
    }

    @Test
    @Order(2)
    void natTranslatesOutboundAndRepliesWithEndpointIndependentMapping() throws Exception {
        String nat = "nat" + platform.suffix;
        createPm(
                nat,
                "n :: IPRewriter(EXTERNAL 192.0.2.1, PORTS 31000-31099); FromDevice(p0) -> [0]n[0] -> ToDevice(p1); "
                        + "FromDevice(p1) -> [1]n[1] -> ToDevice(p0)");
        platform.flow("priority=200,in_port=%d,udp,actions=output:%d".formatted(a.ofport(), ofport(nat, "p0")));
        platform.flow("priority=200,in_port=%d,actions=output:%d".formatted(ofport(nat, "p1"), b.ofport()));
        platform.flow("priority=200,in_port=%d,udp,actions=output:%d".formatted(b.ofport(), ofport(nat, "p1")));
        platform.flow("priority=200,in_port=%d,actions=output:%d".formatted(ofport(nat, "p0"), a.ofport()));
        // B answers the NAT's external address; the frames reach A through the NAT, so they carry A's MAC.
        PlatformFixture.replyThroughNat(b, "192.0.2.1", a);

        String server = """
                import socket,select,sys
                socks=[]
                for p in (7000,7001):
                    s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.setsockopt(socket.SOL_SOCKET,11,1); s.bind(('0.0.0.0',p)); socks.append(s)
                print('ready',flush=True)
                seen=[]
                while len(seen)<2:
                    r,_,_=select.select(socks,[],[],60)
                    if not r: break
                    for s in r:
                        d,addr=s.recvfrom(2000); seen.append('%s:%d'%addr); s.sendto(b'pong',addr)
                print(' '.join(seen),flush=True)
                """;
        String client = """
                import socket
                s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.setsockopt(socket.SOL_SOCKET,11,1); s.bind(('0.0.0.0',5555)); s.settimeout(60)
                s.sendto(b'ping',('10.77.0.2',7000)); s.sendto(b'ping',('10.77.0.2',7001))
                got=[s.recvfrom(2000) for _ in range(2)]
                print(' '.join('%s:%d'%a for _,a in got),flush=True)
                """;
        Process serverProcess = new ProcessBuilder(b.ns().command("python3", "-c", server)).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(serverProcess.getInputStream()))) {
            assertThat(out.readLine()).isEqualTo("ready");
            String atA = IpCommand.run(a.ns().command("python3", "-c", client)).strip();
            String atB = out.readLine();
            // Both flows left from the same external endpoint although they went to different destinations.
            String[] sources = atB.split(" ");
            assertThat(sources).hasSize(2);
            assertThat(sources[0]).startsWith("192.0.2.1:31").isEqualTo(sources[1]);
            // The replies were translated back to A's own address and port.
            assertThat(atA).isEqualTo("10.77.0.2:7000 10.77.0.2:7001");
        } finally {
            serverProcess.destroyForcibly();
        }
        Map<String, Object> listedNat = awaitListed(nat, pm -> stat(pm, "elements", "n", "translated") == 4);
        assertThat(stat(listedNat, "elements", "n", "mappings")).isEqualTo(1);
    }

    @Test
    @Order(3)
    void killedPmIsReportedFailedWithItsExitCode() throws Exception {
        String victim = "victim" + platform.suffix;
        String bystander = "bystander" + platform.suffix;
        Map<String, Object> pm = createPm(victim, "FromDevice(p0) -> Counter -> ToDevice(p0)");
        createPm(bystander, "FromDevice(p0) -> Discard");
        int pid = (Integer) pm.get("pid");
        IpCommand.run(List.of("kill", "-9", Integer.toString(pid)));
        Map<String, Object> failed = awaitListed(victim, p -> "failed".equals(p.get("state")));
        assertThat(failed.get("exit_code")).isEqualTo(137);
        assertThat((String) failed.get("failure")).contains("SIGKILL");
        assertThat(listed(bystander).get("state")).isEqualTo("running");
    }

    @Test
    @Order(4)
    void deletingLeavesNoProcessNamespaceOrInterface() throws Exception {
        assertThat(pms).isNotEmpty();
        for (Map.Entry<String, Map<String, Object>> e : pms.entrySet()) {
            Map<String, Object> pm = e.getValue();
            ReturnValue answer = platform.client.call("delete_pm", Map.of("name", e.getKey()));
            assertThat(answer.isSuccess()).as(answer.message()).isTrue();
            long pid = ((Integer) pm.get("pid")).longValue();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("process of " + e.getKey())
                    .isFalse();
            assertThat(NetworkNamespace.list()).doesNotContain((String) pm.get("namespace"));
            for (Object p : (Object[]) pm.get("ports")) {
                String ifname = (String) ((Map<?, ?>) p).get("interface");
                assertThat(platform.ovs.vsctl("list-ports", platform.bridge)).doesNotContain(ifname);
                assertThat(IpCommand.tryRun(platform.daemon.bridge().ipInSwitchNamespace("link", "show", "dev", ifname))
                                .exitCode())
                        .as("interface " + ifname)
                        .isNotZero();
                assertThat(IpCommand.tryRun(List.of("ip", "link", "show", "dev", ifname))
                                .exitCode())
                        .isNotZero();
            }
            if (((Map<?, ?>) pm.get("limits")).get("cgroups") instanceof Object[] cgroups) {
                for (Object cgroup : cgroups) {
                    assertThat(java.nio.file.Files.exists(java.nio.file.Path.of((String) cgroup)))
                            .as("cgroup " + cgroup)
                            .isFalse();
                }
            }
        }
        assertThat(((Object[]) platform.client.call("list_pms").value())).isEmpty();
        pms.clear();
    }

    @Test
    @Order(5)
    void unknownBaseSystemIsRefusedNamingTheAvailableOnes() {
        ReturnValue answer = platform.client.call(
                "create_pm",
                Map.of(
                        "name",
                        "clickos" + platform.suffix,
                        "config",
                        "FromDevice(p0) -> ToDevice(p0)",
                        "basesys",
                        "xen.clickos"));
        assertThat(answer.isFailure()).isTrue();
        assertThat(answer.message()).contains("xen.clickos").contains("linux.netns");
        assertThat(listed("clickos" + platform.suffix)).isNull();
        ReturnValue systems = platform.client.call("list_basesys");
        assertThat(((Map<?, ?>) systems.value())
                        .keySet().stream().map(String::valueOf).toList())
                .containsExactly("linux.netns");
    }

    @Test
    @Order(6)
    void badConfigurationIsRefusedWithItsPosition() {
        ReturnValue answer = platform.client.call(
                "create_pm",
                Map.of(
                        "name",
                        "bad" + platform.suffix,
                        "config",
                        "FromDevice(p0)\n  -> Frobnicate -> ToDevice(p3)",
                        "ports",
                        2));
        assertThat(answer.isFailure()).isTrue();
        assertThat(answer.message())
                .contains("2:6: error: unknown element type 'Frobnicate'")
                .contains("p3");
    }

    @Test
    @Order(7)
    void aRestartedDaemonCleansUpWhatItsCrashedPredecessorLeftOfAPmThatDied() throws Exception {
        // A PM started the way the daemon starts them, in another state directory, then "orphaned": no daemon
        // deletes it, as if the daemon had been killed; then its process dies too. (One that still runs is
        // adopted instead: ModuleHostRestartTest.)
        java.nio.file.Path state = platform.dir.resolve("crashed-state");
        var spec = new org.flowstream.modulehost.pm.PmSpec(
                "orphan", "FromDevice(p0) -> ToDevice(p1)", 2, 160, 50, "linux.netns");
        // Its claims and switch-port tags name the crashed daemon's state directory, as the daemon's own would: the
        // running daemon's sweeper must not take this PM's network for a leftover of its own (it did, when its
        // periodic sweep came while the PM started).
        var crashedDaemonsPorts =
                platform.switchPorts(org.flowstream.modulehost.ownership.NetworkClaims.ownerOf(state));
        var handle = new org.flowstream.modulehost.basesys.LinuxNetnsBaseSystem(
                        org.flowstream.modulehost.ownership.NetworkClaims.of(state, crashedDaemonsPorts),
                        platform.daemon.isolation(),
                        platform.daemon.pmJvm(),
                        state.resolve("elements"))
                .start(spec, "0abcde", state.resolve("pms").resolve("orphan"));
        for (int i = 0; i < 600 && !handle.isReady(); i++) {
            Thread.sleep(100);
        }
        assertThat(handle.isAlive()).isTrue();
        assertThat(NetworkNamespace.list()).contains("fspm-0abcde");
        ProcessHandle.of(handle.pid()).ifPresent(ProcessHandle::destroyForcibly);
        assertThat(handle.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS))
                .isNotNull();

        var config = new org.flowstream.common.config.DaemonConfig();
        config.tasksDir = "../tasks";
        config.stateDir = state.toString();
        config.settings = platform.daemon.config().settings;
        ModuleHostDaemon successor = new ModuleHostDaemon(config);
        successor.start();
        try {
            assertThat(successor.pms().list()).isEmpty();
            assertThat(NetworkNamespace.list()).doesNotContain("fspm-0abcde");
            assertThat(platform.ovs.vsctl("list-ports", platform.bridge)).doesNotContain("fs0abcdep0", "fs0abcdep1");
            assertThat(java.nio.file.Files.exists(state.resolve("pms").resolve("orphan")))
                    .isFalse();
        } finally {
            successor.stop();
            handle.destroy();
        }
    }

    /**
     * A caller whose create_pm timed out deletes the PM while it is still starting (the resource daemon does): the
     * delete succeeds, the starting process is stopped and cleaned up, and the create answers that it was deleted.
     */
    @Test
    @Order(8)
    void aPmDeletedWhileStartingIsStoppedAndNothingIsLeft() throws Exception {
        String name = "early" + platform.suffix;
        java.util.concurrent.CompletableFuture<ReturnValue> create =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> platform.client.call(
                        "create_pm", Map.of("name", name, "config", "FromDevice(p0) -> ToDevice(p1)")));
        Map<String, Object> starting = null;
        for (int i = 0; i < 3000 && starting == null; i++) { // listed as starting once its create has begun
            Map<String, Object> pm = listed(name);
            starting = pm != null && "starting".equals(pm.get("state")) ? pm : null;
            Thread.sleep(starting == null ? 5 : 0);
        }
        assertThat(starting).as("PM listed as starting").isNotNull();

        ReturnValue deleted = platform.client.call("delete_pm", Map.of("name", name));

        assertThat(deleted.isSuccess()).as(deleted.message()).isTrue();
        ReturnValue created = create.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(created.isSuccess()).isFalse();
        assertThat(created.message()).contains("was deleted (delete_pm) while it was starting");
        assertThat(listed(name)).isNull();
        assertThat(ProcessHandle.allProcesses()
                        .filter(p -> p.info().commandLine().orElse("").contains("/pms/" + name + "/"))
                        .toList())
                .as("processes of " + name)
                .isEmpty();
    }
}
