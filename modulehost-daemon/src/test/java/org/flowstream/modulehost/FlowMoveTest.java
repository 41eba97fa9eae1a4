package org.flowstream.modulehost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.move.FlowMove;
import org.flowstream.contracts.move.PhasedMove;
import org.flowstream.contracts.move.Rewire;
import org.flowstream.modulehost.migrate.ModuleHostFlowStates;
import org.flowstream.modulehost.state.FlowFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Moving a carrier-grade NAT's flows between two running NAT PMs with real packets (docs/migration.md): host A
 * (inside) runs UDP flows through the old NAT PM to host B (outside), which echoes every datagram back to the
 * flow's external address. Mid-stream, a move whose import conflicts aborts, then a real move hands the flows'
 * state and traffic to the new NAT PM. Every datagram carries its flow and sequence number, so B and A count
 * what was lost, duplicated or reordered, and B sees whether a flow's external address and port ever changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlowMoveTest {

    private static final String EXTERNAL = "198.51.100.1";
    private static final String NAT = "FromDevice(p0) -> [0]nat :: IPRewriter(EXTERNAL " + EXTERNAL + ", IDLE 60);"
            + " nat[0] -> ToDevice(p1); FromDevice(p1) -> [1]nat; nat[1] -> ToDevice(p0)";
    private static final int FLOWS = 2000;
    private static final int PER_FLOW = 10;

    /**
     * Sends PER_FLOW datagrams on each of FLOWS sockets, round robin (a pause of {@code gap} after every 40, so
     * about 2,000 datagrams a second), and counts the echoes per flow. poll, not select: more than 1,024 sockets.
     * It holds back the last two rounds until told that the move is done (a second line on stdin), so traffic
     * crosses the new instance after the move however slowly the machine runs the moves.
     * An optional sixth argument lists source addresses (comma-separated) the sockets bind to in turn.
     */
    private static final String INSIDE = """
            import socket,sys,time,select,json,resource
            resource.setrlimit(resource.RLIMIT_NOFILE,(8192,8192))
            dst,port,flows,per,gap=sys.argv[1],int(sys.argv[2]),int(sys.argv[3]),int(sys.argv[4]),float(sys.argv[5])
            srcs=sys.argv[6].split(',') if len(sys.argv)>6 else ['0.0.0.0']
            socks=[]
            for f in range(flows):
                s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.setsockopt(socket.SOL_SOCKET,11,1)
                s.setsockopt(socket.SOL_SOCKET,33,1<<20); s.bind((srcs[f%len(srcs)],0)); s.setblocking(False)
                socks.append(s)
            last=[-1]*flows; echoed=[0]*flows; reordered=0
            poller=select.poll(); byfd={}
            for s in socks: poller.register(s,select.POLLIN); byfd[s.fileno()]=s
            def drain(timeout):
                global reordered
                for fd,_ in poller.poll(int(timeout*1000)):
                    s=byfd[fd]
                    while True:
                        try: d=s.recv(2048)
                        except BlockingIOError: break
                        f,q=int(d[0:4]),int(d[5:11])
                        if q<=last[f]: reordered+=1
                        last[f]=max(last[f],q); echoed[f]+=1
            print('ready',flush=True)
            sys.stdin.readline()
            for q in range(per):
                if q==per//5: print('sending',flush=True)
                if q==per-2: sys.stdin.readline()
                for f in range(flows):
                    socks[f].sendto(b'%04d %06d ' % (f,q) + b'x'*40,(dst,port))
                    if f%40==39:
                        drain(0)
                        time.sleep(gap)
            end=time.time()+5
            while sum(echoed)<flows*per and time.time()<end: drain(0.1)
            print(json.dumps({'sent':flows*per,'echoed':sum(echoed),'echo_out_of_order':reordered}),flush=True)
            """;

    /** Echoes every datagram and checks each flow's sequence and external endpoint. */
    private static final String OUTSIDE = """
            import socket,sys,time,select,json
            port,total=int(sys.argv[1]),int(sys.argv[2])
            s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.setsockopt(socket.SOL_SOCKET,11,1)
            s.setsockopt(socket.SOL_SOCKET,33,4<<20); s.bind(('0.0.0.0',port))
            seen={}; ends={}; n=0; dup=0; reordered=0
            print('ready',flush=True)
            deadline=time.time()+90; idle_until=None
            while n<total and time.time()<deadline and (idle_until is None or time.time()<idle_until):
                r,_,_=select.select([s],[],[],0.2)
                if not r: continue
                d,addr=s.recvfrom(2048); s.sendto(d,addr); n+=1; idle_until=time.time()+30
                f,q=int(d[0:4]),int(d[5:11])
                ends.setdefault(f,set()).add('%s:%d'%addr)
                got=seen.setdefault(f,[])
                if q in got: dup+=1
                elif got and q<got[-1]: reordered+=1
                got.append(q)
            lost=sum(total//len(seen)-len(set(v)) for v in seen.values()) if seen else total
            print(json.dumps({'received':n,'lost':lost,'duplicated':dup,'reordered':reordered,'flows':len(seen),
                'flows_whose_endpoint_changed':sum(1 for e in ends.values() if len(e)>1),
                'endpoints':sorted(x for e in ends.values() for x in e)}),flush=True)
            """;

    private PlatformFixture platform;
    private PlatformFixture.Host inside;
    private PlatformFixture.Host outside;
    private final Map<String, Map<String, Object>> pms = new LinkedHashMap<>();

    @BeforeAll
    void start() throws Exception {
        PlatformFixture.assumePlatform();
        platform = new PlatformFixture();
        inside = platform.host("a", "10.77.0.1");
        outside = platform.host("b", "10.77.0.2");
        PlatformFixture.neighbour(inside, outside);
        // B answers the external address; the switch takes its replies to the NAT, which gives them A's address.
        PlatformFixture.replyThroughNat(outside, EXTERNAL, inside);
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @SuppressWarnings("unchecked")
    private void createPm(String name) {
        createPm(name, NAT);
    }

    @SuppressWarnings("unchecked")
    private void createPm(String name, String config) {
        ReturnValue answer = platform.client.call("create_pm", Map.of("name", name, "config", config));
        assertThat(answer.isSuccess()).as(answer.message()).isTrue();
        pms.put(name, (Map<String, Object>) answer.value());
    }

    private int ofport(String pm, String port) {
        for (Object p : (Object[]) pms.get(pm).get("ports")) {
            Map<?, ?> s = (Map<?, ?>) p;
            if (s.get("name").equals(port)) {
                return (Integer) s.get("ofport");
            }
        }
        throw new AssertionError(pm + " has no port " + port);
    }

    /** Steers A's traffic and B's replies to the external address through a NAT PM, at a priority. */
    private void steer(String pm, int priority) {
        steering(pm, priority).forEach(platform::flow);
    }

    private List<String> steering(String pm, int priority) {
        return List.of(
                "priority=%d,in_port=%d,ip,actions=output:%d".formatted(priority, inside.ofport(), ofport(pm, "p0")),
                "priority=%d,in_port=%d,ip,nw_dst=%s,actions=output:%d"
                        .formatted(priority, outside.ofport(), EXTERNAL, ofport(pm, "p1")));
    }

    /** What leaves a NAT PM goes on to its host, whichever PM it is. */
    private void deliver(String pm) {
        platform.flow("priority=100,in_port=%d,actions=output:%d".formatted(ofport(pm, "p1"), outside.ofport()));
        platform.flow("priority=100,in_port=%d,actions=output:%d".formatted(ofport(pm, "p0"), inside.ofport()));
    }

    private Object pmFlows(String pm, String op, String filter, Map<String, Object> more) {
        Map<String, Object> request = new LinkedHashMap<>(more);
        request.put("pm", pm);
        request.put("op", op);
        request.put("element", "nat");
        request.put("filter", filter);
        ReturnValue answer = platform.client.call("pm_flows", request);
        assertThat(answer.isSuccess()).as(answer.message()).isTrue();
        return answer.value();
    }

    @Test
    void establishedFlowsKeepTheirMappingAcrossAnAbortedAndARealMoveWithNothingLost() throws Exception {
        String old = "nato" + platform.suffix;
        String fresh = "natn" + platform.suffix;
        createPm(old);
        createPm(fresh);
        deliver(old);
        deliver(fresh);
        steer(old, 150);

        // A state on the new NAT that takes external port 20000 for another endpoint: the first move must abort.
        Map<String, Object> squatter = Map.of(
                "protocol",
                "udp",
                "inside",
                "10.99.0.9",
                "inside_port",
                999,
                "outside",
                "",
                "outside_port",
                0,
                "external",
                EXTERNAL,
                "external_port",
                20000,
                "idle_ms",
                0,
                "phase",
                "");
        pmFlows(fresh, "import", "", Map.of("states", List.of(squatter)));

        FlowFilter filter = FlowFilter.parse("external " + EXTERNAL);
        Rewire rewire = new Rewire() {
            @Override
            public void toNew() throws Exception {
                atomically(
                        steering(fresh, 200).stream().map(rule -> "add " + rule).toList());
            }

            @Override
            public void back() {
                platform.ovs.ofctl(
                        "--strict",
                        "del-flows",
                        platform.bridge,
                        "priority=200,in_port=%d,ip".formatted(inside.ofport()));
                platform.ovs.ofctl(
                        "--strict",
                        "del-flows",
                        platform.bridge,
                        "priority=200,in_port=%d,ip,nw_dst=%s".formatted(outside.ofport(), EXTERNAL));
            }
        };
        var from = new FlowMove.Instance(new ModuleHostFlowStates(platform.client), old, "nat");
        var to = new FlowMove.Instance(new ModuleHostFlowStates(platform.client), fresh, "nat");

        Traffic.Script echo = Traffic.script(outside.ns(), OUTSIDE, "7000", Integer.toString(FLOWS * PER_FLOW));
        Traffic.Script send = Traffic.script(
                inside.ns(), INSIDE, outside.ip(), "7000", Integer.toString(FLOWS), Integer.toString(PER_FLOW), "0.02");
        try {
            send.go();
            send.awaitLine("sending"); // a fifth of the datagrams are out: the moves happen mid-stream
            Object before = pmFlows(old, "export", filter.toString(), Map.of());
            assertThat((Object[]) before).hasSize(FLOWS);

            assertThatThrownBy(() -> FlowMove.run(from, to, filter.toString(), rewire, 100))
                    .isInstanceOf(FlowMove.AbortedException.class)
                    .hasMessageContaining("already maps that external port");
            assertThat((Object[]) pmFlows(old, "export", filter.toString(), Map.of()))
                    .hasSize(FLOWS);
            pmFlows(fresh, "delete", "inside 10.99.0.9", Map.of());

            FlowMove.Result result = FlowMove.run(from, to, filter.toString(), rewire, 100);
            System.out.println(
                    "FlowMoveTest: moved " + FLOWS + " NAT flows at about 2,000 datagrams/s each way: " + result);
            send.go(); // the last rounds: they cross the new instance
            assertThat(result.states()).isEqualTo(FLOWS);
            assertThat((Object[]) pmFlows(old, "export", "", Map.of())).isEmpty();
            assertThat(states((Object[]) pmFlows(fresh, "export", "", Map.of())))
                    .isEqualTo(states((Object[]) before));

            JsonNode atB = echo.result();
            JsonNode atA = send.result();
            // The switch sent A's datagrams straight to the new NAT after the move (its p0 counter; the PM
            // rewrites its counters every second): the move happened while the flows ran.
            assertThat(receivedOnP0(fresh)).isPositive();
            if (Boolean.getBoolean("diagnose")) {
                System.out.println("FlowMoveTest: udp B "
                        + outside.ns()
                                .run("cat", "/proc/net/snmp")
                                .lines()
                                .filter(l -> l.startsWith("Udp:"))
                                .toList());
                System.out.println("FlowMoveTest: udp A "
                        + inside.ns()
                                .run("cat", "/proc/net/snmp")
                                .lines()
                                .filter(l -> l.startsWith("Udp:"))
                                .toList());
                System.out.println(
                        "FlowMoveTest: ovs " + platform.ovs.vsctl("--columns=name,statistics", "list", "interface"));
                System.out.println("FlowMoveTest: flows " + platform.ovs.ofctl("dump-flows", platform.bridge));
                System.out.println("FlowMoveTest: pms "
                        + java.util.Arrays.deepToString(
                                (Object[]) platform.client.call("list_pms").value()));
            }
            assertEveryDatagramOnceInOrderWithOneMapping(atB, atA, FLOWS, PER_FLOW);
        } finally {
            echo.kill();
            send.kill();
        }
    }

    /**
     * Flow mods ("add ..." / "delete_strict ...") in one OpenFlow bundle (atomic, acknowledged by a barrier), then the
     * datapath's cached flows revalidated: once this returns, no packet takes the old rules any more.
     */
    private void atomically(List<String> flowMods) throws Exception {
        java.nio.file.Path mods = java.nio.file.Files.createTempFile("flowmove", ".flows");
        try {
            java.nio.file.Files.writeString(mods, String.join("\n", flowMods) + "\n");
            platform.ovs.ofctl("--bundle", "add-flows", platform.bridge, mods.toString());
            platform.ovs.appctl("revalidator/wait");
        } finally {
            java.nio.file.Files.deleteIfExists(mods);
        }
    }

    /**
     * Scale-out and scale-in of a NAT by prefix (docs/migration.md, "Scale-out"): two NAT PMs pairing by prefix
     * (PAIR_PREFIX 25 over the pool 198.51.100.8/31), so the inside /25 10.77.0.128/25 is exactly the flows of the
     * external address 198.51.100.9. Host A runs flows from 10.77.0.1 and 10.77.0.129 through the first NAT; mid-stream
     * the upper /25 moves to the second NAT with its state (the switch splits A's traffic by source prefix and B's
     * replies by external address, in one bundle), then moves back (the split rules removed). Nothing may be lost,
     * duplicated or reordered, no flow's external address or port may change, each NAT holds exactly its share in
     * between, and the first holds every mapping again at the end.
     */
    @Test
    void aNatScalesOutByPrefixAndBackInWithEveryFlowKeepingItsMapping() throws Exception {
        String pool = "198.51.100.8/31";
        String upperExternal = "198.51.100.9";
        String config = NAT.replace("EXTERNAL " + EXTERNAL, "EXTERNAL " + pool + ", PAIR_PREFIX 25");
        String first = "nats" + platform.suffix;
        String second = "natx" + platform.suffix;
        createPm(first, config);
        createPm(second, config);
        deliver(first);
        deliver(second);
        inside.ns().run("ip", "addr", "add", "10.77.0.129/24", "dev", inside.ifname());
        for (String external : List.of("198.51.100.8", upperExternal)) {
            PlatformFixture.replyThroughNat(outside, external, inside);
        }
        // Only this test's steering on the hosts' ports (the other test's rules stay on its own PMs' ports).
        platform.ovs.ofctl("del-flows", platform.bridge, "in_port=%d".formatted(inside.ofport()));
        platform.ovs.ofctl("del-flows", platform.bridge, "in_port=%d".formatted(outside.ofport()));
        platform.flow("priority=300,in_port=%d,ip,actions=output:%d".formatted(inside.ofport(), ofport(first, "p0")));
        platform.flow("priority=300,in_port=%d,ip,nw_dst=%s,actions=output:%d"
                .formatted(outside.ofport(), pool, ofport(first, "p1")));
        List<String> split = List.of(
                "priority=400,in_port=%d,ip,nw_src=10.77.0.128/25,actions=output:%d"
                        .formatted(inside.ofport(), ofport(second, "p0")),
                "priority=400,in_port=%d,ip,nw_dst=%s,actions=output:%d"
                        .formatted(outside.ofport(), upperExternal, ofport(second, "p1")));
        List<String> splitAdded = split.stream().map(rule -> "add " + rule).toList();
        List<String> splitRemoved = split.stream()
                .map(rule -> "delete_strict " + rule.substring(0, rule.indexOf(",actions")))
                .toList();
        Rewire scaleOut = rewire(splitAdded, splitRemoved);
        Rewire scaleIn = rewire(splitRemoved, splitAdded);
        FlowFilter upper = FlowFilter.parse("inside 10.77.0.128/25");
        var atFirst = new FlowMove.Instance(new ModuleHostFlowStates(platform.client), first, "nat");
        var atSecond = new FlowMove.Instance(new ModuleHostFlowStates(platform.client), second, "nat");

        int flows = 400;
        int perFlow = 20;
        Traffic.Script echo = Traffic.script(outside.ns(), OUTSIDE, "7001", Integer.toString(flows * perFlow));
        Traffic.Script send = Traffic.script(
                inside.ns(),
                INSIDE,
                outside.ip(),
                "7001",
                Integer.toString(flows),
                Integer.toString(perFlow),
                "0.02",
                "10.77.0.1,10.77.0.129");
        try {
            send.go();
            send.awaitLine("sending");
            List<String> before = states((Object[]) pmFlows(first, "export", "", Map.of()));
            assertThat(before).hasSize(flows);

            FlowMove.Result out = FlowMove.run(atFirst, atSecond, upper.toString(), scaleOut, 100);
            System.out.println("FlowMoveTest: scale-out of " + upper + ": " + out);
            assertThat(out.states()).isEqualTo(flows / 2);
            Object[] kept = (Object[]) pmFlows(first, "export", "", Map.of());
            Object[] moved = (Object[]) pmFlows(second, "export", "", Map.of());
            assertThat(externals(kept)).containsExactly("198.51.100.8");
            assertThat(externals(moved)).containsExactly(upperExternal);
            assertThat(kept.length + moved.length).isEqualTo(flows);
            send.go(); // the last rounds: the upper /25's cross the second NAT, however slowly the machine ran the move
            assertThat(receivedOnP0(second))
                    .as("the second NAT received A's traffic while it had the upper /25")
                    .isPositive();

            FlowMove.Result in = FlowMove.run(atSecond, atFirst, upper.toString(), scaleIn, 100);
            System.out.println("FlowMoveTest: scale-in of " + upper + ": " + in);
            assertThat(in.states()).isEqualTo(flows / 2);
            assertThat((Object[]) pmFlows(second, "export", "", Map.of())).isEmpty();
            assertThat(states((Object[]) pmFlows(first, "export", "", Map.of())))
                    .isEqualTo(before);

            JsonNode atB = echo.result();
            JsonNode atA = send.result();
            assertEveryDatagramOnceInOrderWithOneMapping(atB, atA, flows, perFlow);
        } finally {
            echo.kill();
            send.kill();
        }
    }

    /**
     * §2.3.2's both phases between two real NAT PMs, the daisy chain crossing the switch (docs/migration.md, "The
     * daisy chain between real PMs"): host A runs 500 long UDP flows through the old NAT; 200 short flows end just
     * before the move; the move's idle phase daisy-chains the old NAT (a switch rule takes its tagged frames,
     * dl_type 0x88b5, from each of its ports to the same port of the new NAT) and 100 late flows start meanwhile, so
     * they are the new NAT's from their first datagram, both ways through the old one's daisy link. The short flows
     * expire at the old NAT during the idle phase and are never copied; the long ones are copied in 8 batches; then
     * the switch sends everything to the new NAT. Every datagram must arrive once and in order, no flow's external
     * port may change, and the new NAT must hold the old one's long flows, unchanged, plus the late ones.
     */
    @Test
    void aPhasedMoveDaisyChainsThroughTheSwitchWithNothingLost() throws Exception {
        String config = NAT.replace("IDLE 60", "IDLE 3");
        String old = "natp" + platform.suffix;
        String fresh = "natq" + platform.suffix;
        daisyChained(old, fresh, config);
        List<String> toFresh = List.of(
                "priority=400,in_port=%d,ip,actions=output:%d".formatted(inside.ofport(), ofport(fresh, "p0")),
                "priority=400,in_port=%d,ip,nw_dst=%s,actions=output:%d"
                        .formatted(outside.ofport(), EXTERNAL, ofport(fresh, "p1")));
        Rewire rewire = rewire(
                toFresh.stream().map(rule -> "add " + rule).toList(),
                toFresh.stream()
                        .map(rule -> "delete_strict " + rule.substring(0, rule.indexOf(",actions")))
                        .toList());
        var from = new FlowMove.Instance(new ModuleHostFlowStates(platform.client), old, "nat");
        var to = new FlowMove.Instance(new ModuleHostFlowStates(platform.client), fresh, "nat");
        FlowFilter filter = FlowFilter.parse("external " + EXTERNAL);
        // The idle phase runs its full 5 s (no expiry-rate end), long enough for the short flows' 3 s to run out.
        PhasedMove.Settings settings = new PhasedMove.Settings(8, 0, 50, 5_000, 100, false);

        int longFlows = 500;
        int longRounds = 36; // 2 rounds a second (1,000 datagrams/s each way): the last two wait for the move to end
        int shortFlows = 200;
        int lateFlows = 100;
        int lateRounds = 24; // 2 rounds a second
        int tcpConnections = 4; // and 30 more UDP flows beside them, a line or datagram each every 50 ms
        int tcpUdpFlows = 30;
        List<Traffic.Script> scripts = new java.util.ArrayList<>();
        Traffic.Script tcpEcho = track(scripts, Traffic.script(outside.ns(), NatTraffic.OUTSIDE, "7006", "7007"));
        Traffic.Script longEcho =
                track(scripts, Traffic.script(outside.ns(), OUTSIDE, "7002", "" + longFlows * longRounds));
        Traffic.Script shortEcho = track(scripts, Traffic.script(outside.ns(), OUTSIDE, "7003", "" + shortFlows * 2));
        Traffic.Script lateEcho =
                track(scripts, Traffic.script(outside.ns(), OUTSIDE, "7004", "" + lateFlows * lateRounds));
        Traffic.Script longSend = track(
                scripts,
                Traffic.script(inside.ns(), INSIDE, outside.ip(), "7002", "" + longFlows, "" + longRounds, "0.04"));
        Traffic.Script shortSend =
                track(scripts, Traffic.script(inside.ns(), INSIDE, outside.ip(), "7003", "" + shortFlows, "2", "0.01"));
        Traffic.Script lateSend = track(
                scripts,
                Traffic.script(inside.ns(), INSIDE, outside.ip(), "7004", "" + lateFlows, "" + lateRounds, "0.2"));
        // The TCP sender connects as it starts and sends nothing until told to go: started last, so that its
        // connections' states do not expire (IDLE 3) at the old NAT while the other scripts start on a busy machine
        // (a run beside two busy loops found the 4 TCP states missing when the move began).
        Traffic.Script tcpSend = track(
                scripts,
                Traffic.script(
                        inside.ns(),
                        NatTraffic.INSIDE,
                        outside.ip(),
                        "7006",
                        "7007",
                        "" + tcpUdpFlows,
                        "" + tcpConnections,
                        "0.05",
                        "0.0.0.0"));
        try {
            tcpSend.go();
            tcpSend.awaitLine("sending");
            longSend.go();
            longSend.awaitLine("sending");
            shortSend.go();
            shortSend.go(); // two rounds: it holds back none
            shortSend.awaitLine("sending");
            JsonNode shortAtA = shortSend.result();
            List<String> before = states((Object[]) pmFlows(old, "export", "", Map.of()));
            int alsoLong = tcpUdpFlows + tcpConnections;
            assertThat(before).hasSize(longFlows + shortFlows + alsoLong);

            var move = java.util.concurrent.Executors.newSingleThreadExecutor()
                    .submit(() -> PhasedMove.run(from, to, filter.toString(), rewire, settings, PhasedMove.Clock.REAL));
            awaitDaisyChain(old);
            lateSend.go(); // new flows while the old NAT daisy-chains: the new NAT's from their first datagram
            PhasedMove.Result result = move.get(60, java.util.concurrent.TimeUnit.SECONDS);
            System.out.println("FlowMoveTest: phased move between real NAT PMs: " + result);
            longSend.go(); // the last rounds: they cross the new NAT
            lateSend.awaitLine("sending");
            lateSend.go();

            assertThat(result.statesAtStart())
                    .as("the long flows, and the short ones unless they expired before the move began")
                    .isBetween(longFlows + alsoLong, longFlows + shortFlows + alsoLong);
            assertThat(result.statesAfterIdlePhase())
                    .as("the short flows expired at the old NAT during the idle phase")
                    .isEqualTo(longFlows + alsoLong);
            assertThat(result.statesCopied()).isEqualTo(longFlows + alsoLong);
            assertThat((Object[]) pmFlows(old, "export", "", Map.of())).isEmpty();
            List<String> after = states((Object[]) pmFlows(fresh, "export", "", Map.of()));
            assertThat(after).hasSize(longFlows + alsoLong + lateFlows);
            List<String> notCopied = new java.util.ArrayList<>(before);
            notCopied.removeAll(after);
            assertThat(notCopied).as("only the short flows were not copied").hasSize(shortFlows);
            List<String> startedAtNew = new java.util.ArrayList<>(after);
            startedAtNew.removeAll(before);
            assertThat(startedAtNew).as("the late flows are the new NAT's").hasSize(lateFlows);
            Map<?, ?> oldGate = (Map<?, ?>) ((Map<?, ?>) pmFlows(old, "global", "", Map.of())).get("gate");
            Map<?, ?> newGate = (Map<?, ?>) ((Map<?, ?>) pmFlows(fresh, "global", "", Map.of())).get("gate");
            System.out.println("FlowMoveTest: daisy chain: old " + oldGate + ", new " + newGate);
            assertThat(((Number) oldGate.get("daisy_forwarded")).longValue()).isPositive();
            assertThat(newGate.get("daisy_received")).isEqualTo(oldGate.get("daisy_forwarded"));
            assertThat(((Number) newGate.get("daisy_refused")).longValue()).isZero();
            assertThat((Object[]) newGate.get("daisy_accepting")).isEmpty();

            for (Object o : (Object[]) platform.client.call("list_pms").value()) {
                Map<?, ?> struct = (Map<?, ?>) o;
                if (struct.get("name").equals(old) || struct.get("name").equals(fresh)) {
                    System.out.println(
                            "FlowMoveTest: after the phased move " + struct.get("name") + ": " + struct.get("stats"));
                }
            }
            JsonNode[] atB = {shortEcho.result(), longEcho.result(), lateEcho.result()};
            JsonNode[] atA = {shortAtA, longSend.result(), lateSend.result()};
            for (int i = 0; i < 3; i++) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) atB[i]).remove("endpoints");
                System.out.println("FlowMoveTest: short, long, late flows: at B " + atB[i] + ", at A " + atA[i]);
            }
            System.out.println("FlowMoveTest: UDP counters (RcvbufErrors: a host's own socket overflowed) at A "
                    + udpCounters(inside) + ", at B " + udpCounters(outside));
            System.out.println("FlowMoveTest: the switch's sockets (drops: frames it could not read in time) "
                    + platform.switchSockets());
            assertEveryDatagramOnceInOrderWithOneMapping(atB[0], atA[0], shortFlows, 2);
            assertEveryDatagramOnceInOrderWithOneMapping(atB[1], atA[1], longFlows, longRounds);
            assertEveryDatagramOnceInOrderWithOneMapping(atB[2], atA[2], lateFlows, lateRounds);
            Thread.sleep(500); // a few more rounds through the new NAT
            tcpSend.go(); // stop
            JsonNode tcpAtA = tcpSend.result();
            tcpEcho.go();
            JsonNode tcpAtB = tcpEcho.result();
            ((com.fasterxml.jackson.databind.node.ObjectNode) tcpAtB).remove("endpoints");
            System.out.println(
                    "FlowMoveTest: TCP connections and their UDP flows: at B " + tcpAtB + ", at A " + tcpAtA);
            int udpSent = 0;
            for (JsonNode n : tcpAtA.get("sent")) {
                udpSent += n.asInt();
            }
            assertThat(tcpAtB.get("received").asInt()).isEqualTo(udpSent);
            assertThat(tcpAtB.get("duplicated").asInt()).isZero();
            assertThat(tcpAtB.get("reordered").asInt()).isZero();
            assertThat(tcpAtB.get("flows_whose_endpoint_changed").asInt()).isZero();
            assertThat(tcpAtA.get("echoed").asInt()).isEqualTo(udpSent);
            assertThat(tcpAtA.get("udp_out_of_order").asInt()).isZero();
            assertThat(tcpAtB.get("tcp_connections").asInt()).isEqualTo(tcpConnections);
            assertThat(tcpAtA.get("tcp_resets").asInt()).isZero();
            assertThat(tcpAtB.get("tcp_resets").asInt()).isZero();
            assertThat(tcpAtA.get("tcp_echoed").asInt())
                    .isEqualTo(tcpAtA.get("tcp_sent").asInt());
            assertThat(tcpAtA.get("tcp_out_of_order").asInt()).isZero();
        } finally {
            for (Traffic.Script script : scripts) {
                script.kill();
            }
            clearHostRules();
        }
    }

    /**
     * The new NAT PM dies (SIGKILL) while the old one daisy-chains: the phased move aborts at its next request to the
     * new instance, and the old NAT, which gave nothing away in the idle phase, ends its daisy chain and serves every
     * flow on with the mapping it had: nothing lost, duplicated or reordered, no external port changed. Late flows
     * that start in the idle phase are daisy-chained to the new NAT; what it had not acknowledged when it died (and
     * what the old NAT daisy-chained to it after) the old NAT processes itself, in order: B receives every datagram
     * of them once and in order. Their mappings die with the new NAT (docs/migration.md), so they continue with new
     * ones at the old NAT, and B's echoes to the dead NAT's mappings are dropped: the late flows' echoes at A are not
     * counted.
     */
    @Test
    void aPhasedMoveWhoseNewPmDiesInTheIdlePhaseLeavesTheOldNatServing() throws Exception {
        String old = "natr" + platform.suffix;
        String fresh = "natu" + platform.suffix; // names are unique in this class: its PMs live until the class ends
        daisyChained(old, fresh, NAT);
        Rewire rewire = rewire(List.of(), List.of()); // never reached
        var from = new FlowMove.Instance(new ModuleHostFlowStates(platform.client), old, "nat");
        var to = new FlowMove.Instance(new ModuleHostFlowStates(platform.client), fresh, "nat");
        FlowFilter filter = FlowFilter.parse("external " + EXTERNAL);
        PhasedMove.Settings settings = new PhasedMove.Settings(8, 0, 50, 1_500, 100, false);

        int flows = 300;
        int rounds = 24;
        int lateFlows = 50;
        int lateRounds = 30;
        Traffic.Script echo = Traffic.script(outside.ns(), OUTSIDE, "7005", "" + flows * rounds);
        Traffic.Script send =
                Traffic.script(inside.ns(), INSIDE, outside.ip(), "7005", "" + flows, "" + rounds, "0.03");
        Traffic.Script lateEcho = Traffic.script(outside.ns(), OUTSIDE, "7009", "" + lateFlows * lateRounds);
        Traffic.Script lateSend =
                Traffic.script(inside.ns(), INSIDE, outside.ip(), "7009", "" + lateFlows, "" + lateRounds, "0.05");
        try {
            send.go();
            send.awaitLine("sending");
            List<String> before = states((Object[]) pmFlows(old, "export", "", Map.of()));
            assertThat(before).hasSize(flows);

            var move = java.util.concurrent.Executors.newSingleThreadExecutor()
                    .submit(() -> PhasedMove.run(from, to, filter.toString(), rewire, settings, PhasedMove.Clock.REAL));
            awaitDaisyChain(old);
            lateSend.go(); // new flows: the old NAT daisy-chains them to the new one, which makes their state
            lateSend.awaitLine("sending");
            var pm = platform.daemon.pms().get(fresh);
            ProcessHandle.of(pm.handle().pid()).ifPresent(process -> {
                process.destroyForcibly();
                process.onExit().join();
            });
            long killed = System.nanoTime();
            assertThatThrownBy(() -> move.get(60, java.util.concurrent.TimeUnit.SECONDS))
                    .hasCauseInstanceOf(FlowMove.AbortedException.class)
                    .hasMessageContaining("all of it is back at " + old);
            System.out.println("FlowMoveTest: the abort took " + (System.nanoTime() - killed) / 1_000_000 + " ms");
            send.go(); // the last rounds, through the old NAT
            lateSend.go();

            List<String> after = states((Object[]) pmFlows(old, "export", "", Map.of()));
            assertThat(after).containsAll(before);
            assertThat(after).as("and the late flows' new mappings").hasSize(flows + lateFlows);
            Map<?, ?> gate = (Map<?, ?>) ((Map<?, ?>) pmFlows(old, "global", "", Map.of())).get("gate");
            assertThat((Object[]) gate.get("daisy_chained")).isEmpty();
            assertThat((Object[]) gate.get("frozen")).isEmpty();
            assertThat((Number) gate.get("daisy_replayed"))
                    .as("the old NAT processed what was never acknowledged")
                    .satisfies(n -> assertThat(n.longValue()).isPositive());
            assertThat(((Number) gate.get("daisy_unacknowledged")).longValue()).isZero();
            JsonNode atB = echo.result();
            ((com.fasterxml.jackson.databind.node.ObjectNode) atB).remove("endpoints");
            JsonNode atA = send.result();
            JsonNode lateAtB = lateEcho.result();
            ((com.fasterxml.jackson.databind.node.ObjectNode) lateAtB).remove("endpoints");
            JsonNode lateAtA = lateSend.result();
            System.out.println("FlowMoveTest: new PM killed in the idle phase: at B " + atB + ", at A " + atA
                    + "; late flows at B " + lateAtB + ", at A " + lateAtA + "; the old NAT's gate " + gate);
            assertThat(lateAtB.get("received").asInt()).isEqualTo(lateFlows * lateRounds);
            assertThat(lateAtB.get("lost").asInt()).isZero();
            assertThat(lateAtB.get("duplicated").asInt()).isZero();
            assertThat(lateAtB.get("reordered").asInt()).isZero();
            for (Object o : (Object[]) platform.client.call("list_pms").value()) {
                Map<?, ?> struct = (Map<?, ?>) o;
                if (struct.get("name").equals(old)) {
                    System.out.println("FlowMoveTest: old NAT after the abort: " + struct.get("stats"));
                }
            }
            assertEveryDatagramOnceInOrderWithOneMapping(atB, atA, flows, rounds);
        } finally {
            echo.kill();
            send.kill();
            lateEcho.kill();
            lateSend.kill();
            clearHostRules();
        }
    }

    /**
     * A full-size frame (a 1,500-byte IP packet) crosses the daisy chain whole, both ways: the PMs' ports have the
     * tag's 8 bytes more MTU (net.PmNetwork.MTU). A new flow from A reaches the old NAT while it daisy-chains; the
     * new NAT makes its mapping and B receives the datagram, 1,472 bytes of UDP payload; B's echo to the external
     * endpoint reaches the old NAT, which has no state for it either, and the new NAT gives it back to A, whole.
     */
    @Test
    void aFullSizeFrameCrossesTheDaisyChainWholeBothWays() throws Exception {
        String old = "natv" + platform.suffix;
        String fresh = "natw" + platform.suffix;
        daisyChained(old, fresh, NAT);
        String filter = "external " + EXTERNAL;
        Traffic.Script echo = Traffic.script(outside.ns(), FULL_SIZE_ECHO, "7010");
        Traffic.Script send = Traffic.script(inside.ns(), FULL_SIZE_SEND, outside.ip(), "7010", "1472", "5");
        try {
            pmFlows(fresh, "accept_daisy", filter, Map.of());
            pmFlows(old, "daisy", filter, Map.of());
            send.go();
            JsonNode atA = send.result();
            echo.go();
            JsonNode atB = echo.result();
            Map<?, ?> oldGate = acknowledgedAll(old);
            Map<?, ?> newGate = (Map<?, ?>) ((Map<?, ?>) pmFlows(fresh, "global", "", Map.of())).get("gate");
            System.out.println("FlowMoveTest: full-size frames through the daisy chain: at B " + atB + ", at A " + atA
                    + "; old gate " + oldGate + ", new gate " + newGate);
            assertThat(atB.get("sizes"))
                    .hasSize(5)
                    .allSatisfy(n -> assertThat(n.asInt()).isEqualTo(1472));
            assertThat(atA.get("echo_sizes"))
                    .hasSize(5)
                    .allSatisfy(n -> assertThat(n.asInt()).isEqualTo(1472));
            assertThat(((Number) oldGate.get("daisy_forwarded")).longValue())
                    .as("both ways")
                    .isEqualTo(10);
            assertThat(newGate.get("daisy_received")).isEqualTo(oldGate.get("daisy_forwarded"));
            assertThat(((Number) oldGate.get("daisy_acknowledged")).longValue()).isEqualTo(10);
        } finally {
            pmFlows(old, "end_daisy", filter, Map.of());
            pmFlows(fresh, "end_daisy", filter, Map.of());
            echo.kill();
            send.kill();
            clearHostRules();
        }
    }

    /**
     * The old PM's gate counters once every packet it daisy-chained is acknowledged (an acknowledgement leaves the new
     * PM before the packet's output, but through another port of the switch, so it can arrive after the echo), or
     * after 50 tries.
     */
    private Map<?, ?> acknowledgedAll(String old) throws InterruptedException {
        Map<?, ?> gate = Map.of();
        for (int i = 0; i < 50; i++) {
            gate = (Map<?, ?>) ((Map<?, ?>) pmFlows(old, "global", "", Map.of())).get("gate");
            if (((Number) gate.get("daisy_unacknowledged")).longValue() == 0) {
                return gate;
            }
            Thread.sleep(100);
        }
        return gate;
    }

    /** Sends COUNT datagrams of SIZE bytes of payload, one at a time, each once its echo came; prints the sizes. */
    private static final String FULL_SIZE_SEND = """
            import socket,sys,json
            dst,port,size,count=sys.argv[1],int(sys.argv[2]),int(sys.argv[3]),int(sys.argv[4])
            s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.settimeout(5)
            s.setsockopt(socket.IPPROTO_IP,10,2) # IP_MTU_DISCOVER = IP_PMTUDISC_DO: never fragment
            print('ready',flush=True)
            sys.stdin.readline()
            sizes=[]
            for i in range(count):
                s.sendto(bytes([i])*size,(dst,port))
                try: sizes.append(len(s.recv(65536)))
                except socket.timeout: pass
            print(json.dumps({'echo_sizes':sizes}),flush=True)
            """;

    /** Echoes every datagram until told to stop; prints the sizes it received. */
    private static final String FULL_SIZE_ECHO = """
            import socket,sys,json,select
            s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind(('0.0.0.0',int(sys.argv[1])))
            print('ready',flush=True)
            sizes=[]
            while True:
                r,_,_=select.select([s,sys.stdin],[],[],10)
                if not r or sys.stdin in r: break
                d,a=s.recvfrom(65536); sizes.append(len(d)); s.sendto(d,a)
            print(json.dumps({'sizes':sizes}),flush=True)
            """;

    /**
     * Two NAT PMs for a phased move: what each sends goes on to the hosts, A's traffic and B's replies go to the old
     * one, and the switch takes what the old one daisy-chains (tagged, dl_type 0x88b5) from each of its ports to the
     * same port of the new one, above the rule that takes the old one's output to the hosts, and the new one's
     * acknowledgements (the same EtherType) back.
     */
    private void daisyChained(String old, String fresh, String config) {
        createPm(old, config);
        createPm(fresh, config);
        deliver(old);
        deliver(fresh);
        clearHostRules();
        platform.flow("priority=300,in_port=%d,ip,actions=output:%d".formatted(inside.ofport(), ofport(old, "p0")));
        platform.flow("priority=300,in_port=%d,ip,nw_dst=%s,actions=output:%d"
                .formatted(outside.ofport(), EXTERNAL, ofport(old, "p1")));
        for (String port : List.of("p0", "p1")) {
            platform.flow("priority=500,in_port=%d,dl_type=0x88b5,actions=output:%d"
                    .formatted(ofport(old, port), ofport(fresh, port)));
            platform.flow(
                    "priority=500,in_port=%d,dl_type=0x88b5,actions=output:%d" // acknowledgements
                            .formatted(ofport(fresh, port), ofport(old, port)));
        }
    }

    /** The host's UDP counters (/proc/net/snmp), for telling a host's socket overflow from a loss on the way. */
    private static List<String> udpCounters(PlatformFixture.Host host) {
        return host.ns()
                .run("cat", "/proc/net/snmp")
                .lines()
                .filter(l -> l.startsWith("Udp:"))
                .toList();
    }

    private static Traffic.Script track(List<Traffic.Script> scripts, Traffic.Script script) {
        scripts.add(script);
        return script;
    }

    /** Only this test's steering on the hosts' ports (each test's NATs keep their own rules). */
    private void clearHostRules() {
        platform.ovs.ofctl("del-flows", platform.bridge, "in_port=%d".formatted(inside.ofport()));
        platform.ovs.ofctl("del-flows", platform.bridge, "in_port=%d".formatted(outside.ofport()));
    }

    private void awaitDaisyChain(String pm) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            Map<?, ?> gate = (Map<?, ?>) ((Map<?, ?>) pmFlows(pm, "global", "", Map.of())).get("gate");
            if (((Object[]) gate.get("daisy_chained")).length > 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(pm + " never began its idle phase");
    }

    /**
     * B received every datagram of every flow once and in order, no flow's external address or port changed, and A
     * got every echo in order.
     */
    private static void assertEveryDatagramOnceInOrderWithOneMapping(
            JsonNode atB, JsonNode atA, int flows, int perFlow) {
        assertThat(atB.get("received").asInt()).isEqualTo(flows * perFlow);
        assertThat(atB.get("lost").asInt()).isZero();
        assertThat(atB.get("duplicated").asInt()).isZero();
        assertThat(atB.get("reordered").asInt()).isZero();
        assertThat(atB.get("flows").asInt()).isEqualTo(flows);
        assertThat(atB.get("flows_whose_endpoint_changed").asInt()).isZero();
        assertThat(atA.get("echoed").asInt()).isEqualTo(flows * perFlow);
        assertThat(atA.get("echo_out_of_order").asInt()).isZero();
    }

    /** A cutover that applies {@code forth} in one bundle, and {@code back} to undo it. */
    private Rewire rewire(List<String> forth, List<String> back) {
        return new Rewire() {
            @Override
            public void toNew() throws Exception {
                atomically(forth);
            }

            @Override
            public void back() {
                try {
                    atomically(back);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot set the switch back: " + e.getMessage(), e);
                }
            }
        };
    }

    private static List<String> externals(Object[] exported) {
        return java.util.Arrays.stream(exported)
                .map(s -> String.valueOf(((Map<?, ?>) s).get("external")))
                .distinct()
                .toList();
    }

    @SuppressWarnings("unchecked")
    private long receivedOnP0(String pm) throws InterruptedException {
        long received = 0;
        for (int i = 0; i < 30 && received == 0; i++) {
            for (Object o : (Object[]) platform.client.call("list_pms").value()) {
                Map<String, Object> struct = (Map<String, Object>) o;
                if (struct.get("name").equals(pm)) {
                    Map<String, Object> ports =
                            (Map<String, Object>) ((Map<String, Object>) struct.get("stats")).get("ports");
                    Object p0 = ports.get("p0");
                    received = p0 instanceof Map<?, ?> m && m.get("rx_packets") instanceof Number n ? n.longValue() : 0;
                }
            }
            Thread.sleep(200);
        }
        return received;
    }

    /** The exported states without their idle times (which move on), as comparable text. */
    private static List<String> states(Object[] exported) {
        return java.util.Arrays.stream(exported)
                .map(s -> {
                    Map<?, ?> m = new java.util.TreeMap<>((Map<?, ?>) s);
                    m.remove("idle_ms");
                    return m.toString();
                })
                .sorted()
                .toList();
    }
}
