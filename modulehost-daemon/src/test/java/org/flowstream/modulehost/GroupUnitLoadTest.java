package org.flowstream.modulehost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowstream.common.testing.Eventually.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.monitoring.MonitoringDaemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A NAT group's units measured on the switch and moved by their load (docs/migration.md, "Scale-out"), every part
 * real ({@link NatPlatform}: Open vSwitch in userspace, the openflow daemon polling its counters every second, two
 * module hosts, the resource daemon; a monitoring daemon whose report_stats makes the resource daemon read them). A
 * sends UDP from one address in each of the NAT's four inside /26s (four units) to B, one of them many times as
 * often as the three others. get_allocation's group shows each unit's packets per second from its own rules'
 * counters; an operator's scale-out then moves the busy unit alone to the new member (the set nearest half the
 * member's load), where the count-based choice took the first two units, both quiet. A scale-in gives it back, by
 * measured load too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupUnitLoadTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Units 10.81.0.0/26 to 10.81.0.192/26, paired with 198.51.100.8 to .11. SCALE_OUT 1 and a COOL_DOWN longer than
     * the test keep the load from changing the group (a new NAT's warm-up passes its share): only the operator does.
     */
    private static final String REQUEST = """
            BASESYS=linux.netns
            GROUP=nat 1-2 SCALE_OUT 1 SCALE_IN 0.5 COOL_DOWN 3600
            inside :: FromNet("ip,nw_src=10.81.0.0/24", IONODE net0)
            outside :: FromNet("ip,nw_dst=198.51.100.8/30", IONODE net1)
            nat :: IPRewriter(EXTERNAL 198.51.100.8/30, PAIR_PREFIX 26, IDLE 120)
            toB :: ToNet(net1)
            toA :: ToNet(net0)
            size :: Placement(CPU nat 0.3)
            inside -> [0]nat[0] -> toB
            outside -> [1]nat[1] -> toA
            """;

    private static final String BUSY = "10.81.0.192/26";
    /** In the order get_allocation's units are compared in here: as text. */
    private static final List<String> QUIET = List.of("10.81.0.0/26", "10.81.0.128/26", "10.81.0.64/26");

    /** Datagrams per second from the busy unit's address and from each quiet one's. */
    private static final int BUSY_RATE = 300;

    private static final int QUIET_RATE = 15;

    /**
     * A's traffic: from each "address:rate" argument, that many UDP datagrams a second to B's port, until a line on
     * stdin; prints how many it sent from each address.
     */
    private static final String SENDER = """
            import socket,sys,time,select,json
            dst,port=sys.argv[1],int(sys.argv[2])
            flows=[(a.split(':')[0],int(a.split(':')[1])) for a in sys.argv[3:]]
            socks=[]
            for src,_ in flows:
                s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind((src,0)); s.setblocking(False); socks.append(s)
            print('ready',flush=True)
            sent=[0]*len(flows); start=time.time()
            while not select.select([sys.stdin],[],[],0.002)[0]:
                for i,(src,rate) in enumerate(flows):
                    while sent[i]<int((time.time()-start)*rate):
                        try: socks[i].sendto(b'x'*64,(dst,port))
                        except BlockingIOError: pass
                        sent[i]+=1
            print(json.dumps({src:n for (src,_),n in zip(flows,sent)}),flush=True)
            """;

    /** B's side: counts the datagrams on its port by their source (the NAT's external address) until a line. */
    private static final String SINK = """
            import socket,sys,select,json
            u=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); u.setsockopt(socket.SOL_SOCKET,socket.SO_RCVBUF,4<<20)
            u.bind(('0.0.0.0',int(sys.argv[1]))); u.setblocking(False); seen={}
            print('ready',flush=True)
            while True:
                r,_,_=select.select([u,sys.stdin],[],[],0.2)
                if sys.stdin in r: break
                while True:
                    try: _,(a,_)=u.recvfrom(2048); seen[a]=seen.get(a,0)+1
                    except BlockingIOError: break
            print(json.dumps(seen),flush=True)
            """;

    private NatPlatform nat;
    private MonitoringDaemon monitoring;
    private int allocId;

    @BeforeAll
    void startPlatform() throws Exception {
        PlatformFixture.assumePlatform();
        nat = new NatPlatform(
                "group-units",
                List.of("10.81.0.1", "10.81.0.65", "10.81.0.129", "10.81.0.193"),
                List.of("198.51.100.8", "198.51.100.9", "198.51.100.10", "198.51.100.11"));
        monitoring = GroupCalls.monitoring(nat);
        allocId = ControllerDaemons.installActive(nat.tenant, REQUEST);
    }

    @AfterAll
    void stopPlatform() {
        GroupCalls.stop(monitoring, nat);
    }

    @Test
    void theSwitchsCountersGiveEachUnitsLoadAndAScaleOutMovesTheBusyUnitNotTheFirstHalf() throws Exception {
        String first = "a%d-nat".formatted(allocId);
        assertThat(groupUnits()).isEqualTo(Map.of(first, sorted(BUSY, QUIET)));
        Traffic.Script sink = Traffic.script(nat.outside.ns(), SINK, "7003");
        Traffic.Script sender = Traffic.script(
                nat.inside.ns(),
                SENDER,
                nat.outside.ip(),
                "7003",
                "10.81.0.1:" + QUIET_RATE,
                "10.81.0.65:" + QUIET_RATE,
                "10.81.0.129:" + QUIET_RATE,
                "10.81.0.193:" + BUSY_RATE);
        try {
            // Two of the openflow daemon's polls after the traffic began, each read on a report: every unit measured.
            Map<String, Double> loads = await(
                    "every unit's load measured with the traffic running",
                    this::unitLoads,
                    l -> l.size() == 4 && l.get(BUSY) > 0.5 * BUSY_RATE);
            System.out.println("GroupUnitLoadTest: units' packets/s before the scale-out: " + loads);
            assertThat(loads.get(BUSY)).isLessThan(1.5 * BUSY_RATE);
            QUIET.forEach(unit -> assertThat(loads.get(unit)).as(unit).isLessThan(3.0 * QUIET_RATE));

            ReturnValue out = scale("out");
            assertThat(out.isSuccess()).as(out.message()).isTrue();
            assertThat(out.message()).contains("chosen by measured load");
            String second = "a%d-nat-2".formatted(allocId);
            assertThat(groupUnits()).isEqualTo(Map.of(first, QUIET, second, List.of(BUSY)));
            assertThat(unitLoadsIn(out)).containsOnlyKeys(sorted(BUSY, QUIET));

            ReturnValue in = scale("in"); // drains the member with the fewest units: the new one
            assertThat(in.isSuccess()).as(in.message()).isTrue();
            assertThat(in.message()).contains("least measured load");
            assertThat(groupUnits()).isEqualTo(Map.of(first, sorted(BUSY, QUIET)));
        } finally {
            sender.go();
            JsonNode sent = sender.result();
            sink.go();
            JsonNode received = sink.result();
            System.out.println("GroupUnitLoadTest: sent by inside address " + sent + ", received at B by external "
                    + "address " + received);
            sender.kill();
            sink.kill();
        }
    }

    private ReturnValue scale(String direction) throws Exception {
        return GroupCalls.scale(nat, allocId, direction, "GroupUnitLoadTest");
    }

    /** get_allocation's group: each unit's measured packets per second. */
    private Map<String, Double> unitLoads() {
        return unitLoadsOf(group().get("unit_loads"));
    }

    /** A group change's task answer: each unit's measured packets per second. */
    @SuppressWarnings("unchecked")
    private static Map<String, Double> unitLoadsIn(ReturnValue change) {
        return unitLoadsOf(((Map<String, Object>) change.value()).get("unit_loads"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Double> unitLoadsOf(Object unitLoads) {
        Map<String, Double> loads = new TreeMap<>();
        for (Object o : (Object[]) unitLoads) {
            Map<String, Object> load = (Map<String, Object>) o;
            loads.put((String) load.get("unit"), ((Number) load.get("packets_per_second")).doubleValue());
        }
        return loads;
    }

    private Map<String, List<String>> groupUnits() {
        return GroupCalls.units(nat, allocId);
    }

    private Map<String, Object> group() {
        return GroupCalls.group(nat, allocId);
    }

    private static List<String> sorted(String unit, List<String> more) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(unit), more.stream())
                .sorted()
                .toList();
    }
}
