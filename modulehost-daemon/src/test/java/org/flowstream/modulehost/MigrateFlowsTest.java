package org.flowstream.modulehost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowstream.common.testing.Eventually.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.flowstream.common.auth.Role;
import org.flowstream.common.auth.UserAccount;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.io.FileTrees;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.testing.FreePort;
import org.flowstream.common.testing.TestDaemon;
import org.flowstream.openflow.OpenflowDaemon;
import org.flowstream.resource.ResourceDaemon;
import org.flowstream.resource.migration.FlowMigrations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * migrate_flows end to end (docs/migration.md), with every part real: one Open vSwitch (userspace datapath), two
 * module host daemons on it, the openflow daemon it connects to, and the resource daemon both hosts register with.
 * A tenant installs a carrier-grade NAT between two traffic hosts (A inside, B outside, each in a namespace); A
 * runs UDP flows with per-flow sequence numbers and TCP connections held open through the NAT to B, which echoes
 * everything. While the traffic runs, a move whose new PM is killed mid-move aborts, the real move takes the NAT
 * with its mappings to the other host, and a move back aborts when the host it would go to dies mid-move. B and A count what was lost, duplicated or reordered, TCP resets, and
 * whether a flow's external address and port ever changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrateFlowsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXTERNAL = "198.51.100.7";
    private static final String REQUEST = """
            BASESYS=linux.netns
            inside :: FromNet("ip,nw_src=10.81.0.1", IONODE net0)
            outside :: FromNet("ip,nw_dst=%s", IONODE net1)
            nat :: IPRewriter(EXTERNAL %s, IDLE 120)
            toB :: ToNet(net1)
            toA :: ToNet(net0)
            inside -> [0]nat[0] -> toB
            outside -> [1]nat[1] -> toA
            """.formatted(EXTERNAL, EXTERNAL);
    private static final int UDP_FLOWS = 30;
    private static final int TCP_CONNECTIONS = 4;

    /**
     * A's side: UDP flows and TCP connections through the NAT, one datagram/message each per round, until "stop"
     * (FlowMoveTest runs it through a phased move too).
     */
    static final String INSIDE = """
            import socket,sys,time,select,json
            dst,uport,tport,flows,conns,gap=sys.argv[1],int(sys.argv[2]),int(sys.argv[3]),int(sys.argv[4]),int(sys.argv[5]),float(sys.argv[6])
            us=[]
            for f in range(flows):
                s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.setsockopt(socket.SOL_SOCKET,11,1)
                s.setsockopt(socket.SOL_SOCKET,socket.SO_RCVBUF,1<<20); s.bind(('0.0.0.0',0)); s.setblocking(False); us.append(s)
            ts=[]
            for c in range(conns):
                t=socket.create_connection((dst,tport),timeout=20); t.setsockopt(socket.IPPROTO_TCP,socket.TCP_NODELAY,1)
                t.setblocking(False); ts.append(t)
            sent=[0]*flows; last=[-1]*flows; tsent=[0]*conns; tbuf=[b'']*conns; tlast=[-1]*conns; closed=[False]*conns
            st={'echoed':0,'udp_out_of_order':0,'tcp_echoed':0,'tcp_out_of_order':0,'tcp_resets':0}
            def drain(timeout):
                r,_,_=select.select(us+[t for i,t in enumerate(ts) if not closed[i]],[],[],timeout)
                for s in r:
                    if s in us:
                        f=us.index(s)
                        while True:
                            try: d=s.recv(2048)
                            except BlockingIOError: break
                            q=int(d[5:11])
                            if q<=last[f]: st['udp_out_of_order']+=1
                            last[f]=max(last[f],q); st['echoed']+=1
                    else:
                        c=ts.index(s)
                        try: d=s.recv(65536)
                        except BlockingIOError: continue
                        except ConnectionResetError: d=None
                        if not d: st['tcp_resets']+=1; closed[c]=True; continue
                        tbuf[c]+=d
                        while b'\\n' in tbuf[c]:
                            line,tbuf[c]=tbuf[c].split(b'\\n',1)
                            q=int(line[5:11])
                            if q!=tlast[c]+1: st['tcp_out_of_order']+=1
                            tlast[c]=q; st['tcp_echoed']+=1
            print('ready',flush=True)
            sys.stdin.readline()
            rounds=0
            while True:
                for f in range(flows):
                    us[f].sendto(b'%04d %06d ' % (f,sent[f]) + b'x'*40,(dst,uport)); sent[f]+=1
                for c in range(conns):
                    if closed[c]: continue
                    try: ts[c].send(b'%04d %06d\\n' % (c,tsent[c])); tsent[c]+=1
                    except BlockingIOError: pass
                    except (ConnectionResetError,BrokenPipeError): st['tcp_resets']+=1; closed[c]=True
                rounds+=1
                if rounds==25: print('sending',flush=True)
                drain(0)
                if select.select([sys.stdin],[],[],0)[0]: sys.stdin.readline(); break
                time.sleep(gap)
            end=time.time()+10
            while (st['echoed']<sum(sent) or st['tcp_echoed']<sum(tsent)) and time.time()<end: drain(0.1)
            st.update({'sent':sent,'tcp_sent':sum(tsent)})
            print(json.dumps(st),flush=True)
            sys.stdin.readline()
            """;

    /** B's side: echoes every datagram and TCP message; per UDP flow, what arrived and from which endpoint. */
    static final String OUTSIDE = """
            import socket,sys,time,select,json
            uport,tport=int(sys.argv[1]),int(sys.argv[2])
            u=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); u.setsockopt(socket.SOL_SOCKET,11,1)
            u.setsockopt(socket.SOL_SOCKET,socket.SO_RCVBUF,4<<20); u.bind(('0.0.0.0',uport)); u.setblocking(False)
            l=socket.socket(); l.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1); l.bind(('0.0.0.0',tport)); l.listen(64)
            seen={}; ends={}; n=0; dup=0; reo=0; conns=[]; resets=0; tends=[]
            print('ready',flush=True)
            while True:
                r,_,_=select.select([u,l,sys.stdin]+conns,[],[],0.2)
                if sys.stdin in r: break
                for s in r:
                    if s is u:
                        while True:
                            try: d,addr=u.recvfrom(2048)
                            except BlockingIOError: break
                            u.sendto(d,addr); n+=1
                            f,q=int(d[0:4]),int(d[5:11])
                            ends.setdefault(f,set()).add('%s:%d'%addr)
                            got=seen.setdefault(f,set())
                            if q in got: dup+=1
                            elif got and q<max(got): reo+=1
                            got.add(q)
                    elif s is l:
                        c,addr=l.accept(); conns.append(c); tends.append('%s:%d'%addr)
                    else:
                        try: d=s.recv(65536)
                        except ConnectionResetError: d=None
                        if not d: resets+=1; conns.remove(s); continue
                        s.sendall(d)
            print(json.dumps({'received':n,'duplicated':dup,'reordered':reo,
                'distinct':{str(f):len(v) for f,v in seen.items()},
                'flows_whose_endpoint_changed':sum(1 for e in ends.values() if len(e)>1),
                'endpoints':sorted(x for e in ends.values() for x in e),'tcp_connections':len(tends),
                'tcp_endpoints':sorted(tends),'tcp_resets':resets}),flush=True)
            """;

    private Path dir;
    private PlatformFixture platform;
    private ModuleHostDaemon secondHost;
    private OpenflowDaemon openflow;
    private ResourceDaemon resource;
    private DaemonClient tenant;
    private DaemonClient otherTenant;
    private PlatformFixture.Host inside;
    private PlatformFixture.Host outside;
    private int allocId;

    @BeforeAll
    void startPlatform() throws Exception {
        PlatformFixture.assumePlatform();
        dir = Files.createTempDirectory("migrate-flows");
        int resourcePort = FreePort.pick();
        AtomicReference<DaemonConfig> firstConfig = new AtomicReference<>();
        platform = new PlatformFixture((ovs, config) -> {
            openflow = ControllerDaemons.openflow(
                    dir.resolve("openflow-state"), ovs.runDir().resolve("migrate.sock"), 1000);
            config.peers.put(
                    "resource", ControllerDaemons.peer(URI.create("http://127.0.0.1:%d/RPC2".formatted(resourcePort))));
            ((ObjectNode) config.settings).put("heartbeatSeconds", 1);
            firstConfig.set(config);
        });
        secondHost = startSecondHost(firstConfig.get());
        inside = platform.host("a", "10.81.0.1");
        outside = platform.host("b", "10.81.0.2");
        PlatformFixture.neighbour(inside, outside);
        // B answers the external address; the NAT gives B's replies A's address back.
        PlatformFixture.replyThroughNat(outside, EXTERNAL, inside);
        platform.ovs.setController(
                platform.bridge, "unix:" + platform.ovs.runDir().resolve("migrate.sock"));
        await("the bridge connects", () -> openflow.rules().lastReconcile(platform.bridge), r -> r.isPresent());

        resource = ControllerDaemons.resource(
                dir.resolve("resource-state"),
                resourcePort,
                List.of(
                        new UserAccount(TestDaemon.OPERATOR, TestDaemon.OPERATOR_PASSWORD, Role.OPERATOR),
                        new UserAccount(TestDaemon.TENANT, TestDaemon.TENANT_PASSWORD, Role.TENANT),
                        new UserAccount(TestDaemon.OTHER_TENANT, TestDaemon.OTHER_TENANT_PASSWORD, Role.TENANT)),
                openflow,
                platform.daemon,
                platform.bridge,
                inside.ofport(),
                outside.ofport());
        tenant = new DaemonClient(resource.url(), TestDaemon.TENANT, TestDaemon.TENANT_PASSWORD, 60_000);
        otherTenant =
                new DaemonClient(resource.url(), TestDaemon.OTHER_TENANT, TestDaemon.OTHER_TENANT_PASSWORD, 60_000);
        await("both module hosts register", () -> platform.daemon.registered() && secondHost.registered(), r -> r);

        allocId = ControllerDaemons.installActive(tenant, REQUEST);
    }

    @AfterAll
    void stopPlatform() throws Exception {
        for (AutoCloseable part : new AutoCloseable[] {
            resource == null ? null : resource::stop,
            secondHost == null
                    ? null
                    : () -> {
                        secondHost.pms().deleteAll();
                        secondHost.stop();
                    },
            platform,
            openflow == null ? null : openflow::stop
        }) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    System.err.println("MigrateFlowsTest: stopping a part failed: " + e.getMessage());
                }
            }
        }
        if (dir != null) {
            FileTrees.delete(dir);
        }
    }

    @Test
    @Order(1)
    void badRequestsAreRefusedInWordsAndChangeNothing() {
        String host = hostOfNat();
        String other = otherHost(host);
        assertRefused(otherTenant.call("migrate_flows", allocId, "nat", other, ""), "no such allocation: " + allocId);
        assertRefused(tenant.call("migrate_flows", allocId, "nosuch", other, ""), "has no PM named 'nosuch'");
        assertRefused(tenant.call("migrate_flows", allocId, "nat", "mars", ""), "module host 'mars' is not up");
        assertRefused(tenant.call("migrate_flows", allocId, "nat", host, ""), "already runs on " + host);
        assertRefused(
                tenant.call("migrate_flows", allocId, "nat", other, "external " + EXTERNAL),
                "needs the PM to run as a group");
        assertRefused(tenant.call("migrate_flows", allocId, "nat"), "migrate_flows takes (alloc_id: int");
        assertThat(hostOfNat()).isEqualTo(host);
        assertThat(tenant.call("get_allocation", allocId).message()).contains("is active");
    }

    @Test
    @Order(2)
    void theNatMovesWithItsMappingsWhileUdpFlowsAndTcpConnectionsRunLosingNothing() throws Exception {
        String before = hostOfNat();
        String target = otherHost(before);
        Traffic.Script echo = Traffic.script(outside.ns(), OUTSIDE, "7000", "7001");
        Traffic.Script send = Traffic.script(
                inside.ns(),
                INSIDE,
                outside.ip(),
                "7000",
                "7001",
                Integer.toString(UDP_FLOWS),
                Integer.toString(TCP_CONNECTIONS),
                "0.02");
        try {
            send.go();
            send.awaitLine("sending");

            // The new PM dies while the state is being copied: the move aborts, the old NAT serves on.
            FlowMigrations.StepListener killNewPm = (id, step) -> {
                if (step.equals("copy state")) {
                    killPm(hostDaemon(target), "a" + allocId + "-nat");
                }
            };
            resource.migrations().addListener(killNewPm);
            ReturnValue aborted;
            try {
                aborted = runMove(target);
            } finally {
                resource.migrations().removeListener(killNewPm);
            }
            assertThat(aborted.isFailure()).as(aborted.message()).isTrue();
            assertThat(aborted.message()).contains("aborted, the PM serves on where it was");
            assertThat(hostOfNat()).isEqualTo(before);
            assertThat(tenant.call("get_allocation", allocId).message()).contains("is active", "aborted");
            Thread.sleep(500); // traffic runs through the old NAT after the abort

            // The real move; the old NAT's mappings are read while both instances are frozen.
            AtomicReference<List<String>> oldStates = new AtomicReference<>();
            List<String> progress = new ArrayList<>();
            FlowMigrations.StepListener snapshot = (id, step) -> {
                progress.add(step);
                if (step.equals("rewire the switch")) {
                    oldStates.set(states(hostDaemon(before), "a" + allocId + "-nat"));
                }
            };
            resource.migrations().addListener(snapshot);
            ReturnValue moved;
            try {
                moved = runMove(target);
            } finally {
                resource.migrations().removeListener(snapshot);
            }
            assertThat(moved.isSuccess()).as(moved.message()).isTrue();
            System.out.println("MigrateFlowsTest: " + moved.message() + " " + JSON.writeValueAsString(moved.value()));
            assertThat(progress).containsExactly("start PM", "freeze", "copy state", "rewire the switch", "hand over");
            assertThat(hostOfNat()).isEqualTo(target);
            assertThat(hostDaemon(before).pms().get("a" + allocId + "-nat")).isNull();
            assertThat(states(hostDaemon(target), "a" + allocId + "-nat")).isEqualTo(oldStates.get());
            assertThat(oldStates.get()).hasSize(UDP_FLOWS + TCP_CONNECTIONS);
            Thread.sleep(500); // traffic runs through the new NAT

            // Moving it back, the module host it would go to dies (its daemon and PMs) mid-move: aborted again.
            FlowMigrations.StepListener killHost = (id, step) -> {
                if (step.equals("copy state")) {
                    hostDaemon(before).stop();
                }
            };
            resource.migrations().addListener(killHost);
            ReturnValue abortedAgain;
            try {
                abortedAgain = runMove(before);
            } finally {
                resource.migrations().removeListener(killHost);
            }
            assertThat(abortedAgain.isFailure()).as(abortedAgain.message()).isTrue();
            assertThat(abortedAgain.message()).contains("aborted, the PM serves on where it was", "cannot reach");
            assertThat(hostOfNat()).isEqualTo(target);
            assertThat(states(hostDaemon(target), "a" + allocId + "-nat")).isEqualTo(oldStates.get());
            Thread.sleep(500); // traffic runs through the NAT that stayed

            send.go(); // stop sending; A waits for the last echoes
            JsonNode atA = send.result();
            echo.go();
            JsonNode atB = echo.result();
            System.out.println("MigrateFlowsTest: A " + atA + "\nMigrateFlowsTest: B " + atB);
            long sent = 0;
            for (int f = 0; f < UDP_FLOWS; f++) {
                int sentOnFlow = atA.get("sent").get(f).asInt();
                sent += sentOnFlow;
                assertThat(atB.get("distinct").get(Integer.toString(f)).asInt())
                        .as("datagrams of flow %d that reached B", f)
                        .isEqualTo(sentOnFlow);
            }
            assertThat(atB.get("received").asLong()).isEqualTo(sent);
            assertThat(atB.get("duplicated").asInt()).isZero();
            assertThat(atB.get("reordered").asInt()).isZero();
            assertThat(atB.get("flows_whose_endpoint_changed").asInt()).isZero();
            assertThat(atA.get("echoed").asLong()).isEqualTo(sent);
            assertThat(atA.get("udp_out_of_order").asInt()).isZero();
            assertThat(atB.get("tcp_connections").asInt()).isEqualTo(TCP_CONNECTIONS);
            assertThat(atA.get("tcp_resets").asInt()).isZero();
            assertThat(atB.get("tcp_resets").asInt()).isZero();
            assertThat(atA.get("tcp_echoed").asInt())
                    .isEqualTo(atA.get("tcp_sent").asInt());
            assertThat(atA.get("tcp_out_of_order").asInt()).isZero();
        } finally {
            send.kill();
            echo.kill();
        }
    }

    /** Starts migrate_flows for the NAT and waits for the task's result. */
    private ReturnValue runMove(String target) {
        ReturnValue queued = tenant.call("migrate_flows", allocId, "nat", target, "");
        assertThat(queued.isNotReady()).as(queued.message()).isTrue();
        int task = (Integer) queued.value();
        return await("the move ends", () -> tenant.call("get_task_result", task), r -> !r.isNotReady());
    }

    private static void assertRefused(ReturnValue answer, String words) {
        assertThat(answer.isFailure()).as(answer.message()).isTrue();
        assertThat(answer.message()).contains(words).doesNotContain("Exception");
    }

    @SuppressWarnings("unchecked")
    private String hostOfNat() {
        Map<String, Object> view =
                (Map<String, Object>) tenant.call("get_allocation", allocId).value();
        return (String) ((Map<String, Object>) view.get("placement")).get("nat");
    }

    private String otherHost(String host) {
        return host.equals(platform.daemon.hostName()) ? secondHost.hostName() : platform.daemon.hostName();
    }

    private ModuleHostDaemon hostDaemon(String name) {
        return name.equals(platform.daemon.hostName()) ? platform.daemon : secondHost;
    }

    private static void killPm(ModuleHostDaemon host, String pm) {
        var instance = host.pms().get(pm);
        if (instance != null) {
            ProcessHandle.of(instance.handle().pid()).ifPresent(process -> {
                process.destroyForcibly();
                process.onExit().join(); // dead before the move's next request reaches it
            });
        }
    }

    /** A NAT PM's mappings without their idle times (which move on), as comparable text. */
    private static List<String> states(ModuleHostDaemon host, String pm) {
        DaemonClient client = new DaemonClient(host.url(), "", "", 30_000);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("pm", pm);
        request.put("op", "export");
        request.put("element", "pm");
        request.put("filter", "");
        ReturnValue answer = client.call("pm_flows", request);
        assertThat(answer.isSuccess()).as(answer.message()).isTrue();
        return Arrays.stream((Object[]) answer.value())
                .map(s -> {
                    Map<?, ?> m = new java.util.TreeMap<>((Map<?, ?>) s);
                    m.remove("idle_ms");
                    return m.toString();
                })
                .sorted()
                .toList();
    }

    // ---- the platform's parts ----

    private ModuleHostDaemon startSecondHost(DaemonConfig first) throws Exception {
        DaemonConfig config = new DaemonConfig();
        config.port = 0;
        config.tasksDir = first.tasksDir;
        config.stateDir = dir.resolve("second-host").toString();
        config.peers.putAll(first.peers);
        ObjectNode settings = ((ObjectNode) first.settings).deepCopy();
        settings.put("hostName", "second-" + platform.suffix);
        config.settings = settings;
        ModuleHostDaemon daemon = new ModuleHostDaemon(config);
        daemon.start();
        return daemon;
    }
}
