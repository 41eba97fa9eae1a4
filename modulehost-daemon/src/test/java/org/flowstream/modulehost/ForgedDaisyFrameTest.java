package org.flowstream.modulehost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowstream.common.testing.Eventually.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.openflow.OpenflowDaemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Frames a tenant forges with the daisy chain's EtherType (0x88B5) on a real Open vSwitch (userspace datapath), a
 * real openflow daemon and a real PM (docs/migration.md, "Who may send a daisy-chained frame"). The PM is a NAT behind
 * a firewall that denies UDP to port 7001, in the middle of a move as its new instance (it accepts every flow's
 * daisy-chained packets), and the allocation's wiring takes everything host A sends to it. A's forged frame tags a
 * datagram to B's port 7001 as daisy-chained to the NAT: taken in, it would skip the firewall and reach B.
 *
 * <p>The test that counts the platform rule's packets runs first. The other one puts a rule above it for a while, and
 * when that rule goes, Open vSwitch credits what its datapath flow matched since the revalidators last ran to the
 * rule now matching, the platform's (a CI run counted 10 frames for 5: 672 bytes, the other test's acknowledgement and
 * four of its forged frames among them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ForgedDaisyFrameTest {

    private static final String EXTERNAL = "198.51.100.9";
    private static final String FIREWALLED_NAT = "FromDevice(p0) -> fw :: IPFilter(deny udp dst port 7001, allow all)"
            + " -> [0]nat :: IPRewriter(EXTERNAL " + EXTERNAL + ", IDLE 60); nat[0] -> ToDevice(p1);"
            + " FromDevice(p1) -> [1]nat; nat[1] -> ToDevice(p0)";
    private static final int DENIED = 7001;
    private static final int ALLOWED = 7002;
    private static final int FORGED = 5;

    /**
     * Sends raw frames out of an interface: a UDP datagram to DST:PORT behind a daisy tag naming element 0 and an
     * input (or an acknowledgement of sequence numbers 0..9 when the input is 255), COUNT times; behind VLAN tags if
     * VLANS names any (comma-separated ids, outermost first: an 802.1ad tag outside an 802.1Q one when two).
     */
    private static final String FORGE = """
            import socket,sys,struct
            ifname,dmac,smac,sip,dip,port,inp,count,vlans=sys.argv[1:10]; port,inp,count=int(port),int(inp),int(count)
            ids=[int(v) for v in vlans.split(',') if v]
            mac=lambda m: bytes.fromhex(m.replace(':',''))
            def checksum(h):
                s=sum(struct.unpack('!%dH'%(len(h)//2),h)); s=(s>>16)+(s&0xffff); s+=s>>16; return (~s)&0xffff
            payload=b'forged daisy frame'
            udp=struct.pack('!HHHH',40000,port,8+len(payload),0)+payload
            ip=struct.pack('!BBHHHBBH4s4s',0x45,0,20+len(udp),1,0x4000,64,17,0,socket.inet_aton(sip),socket.inet_aton(dip))
            ip=ip[:10]+struct.pack('!H',checksum(ip))+ip[12:]
            if inp==255: body=struct.pack('!HBBI',0x88b5,0,255,10)+b''.join(struct.pack('!I',i) for i in range(10))
            else: body=struct.pack('!HBBI',0x88b5,0,inp,7)+b'\\x08\\x00'+ip+udp
            body=b''.join(struct.pack('!HH',0x88a8 if i<len(ids)-1 else 0x8100,v) for i,v in enumerate(ids))+body
            s=socket.socket(socket.AF_PACKET,socket.SOCK_RAW); s.bind((ifname,0))
            for _ in range(count): s.send(mac(dmac)+mac(smac)+body)
            """;

    private Path openflowDir;
    private OpenflowDaemon openflow;
    private PlatformFixture platform;
    private PlatformFixture.Host a;
    private PlatformFixture.Host b;
    private String pm;
    private Map<?, ?> ports;

    @BeforeAll
    void start() throws Exception {
        PlatformFixture.assumePlatform();
        openflowDir = Files.createTempDirectory("forgeddaisy");
        platform = new PlatformFixture((ovs, config) -> openflow = ControllerDaemons.openflow(
                openflowDir.resolve("state"), ovs.runDir().resolve("forged.sock"), 10_000));
        a = platform.host("a", "10.79.0.1");
        b = platform.host("b", "10.79.0.2");
        PlatformFixture.neighbour(a, b);
        PlatformFixture.replyThroughNat(b, EXTERNAL, a);
        platform.ovs.setController(
                platform.bridge, "unix:" + platform.ovs.runDir().resolve("forged.sock"));
        await(
                "the bridge connects to the openflow daemon",
                () -> openflow.rules().lastReconcile(platform.bridge),
                java.util.Optional::isPresent);

        pm = "fwnat" + platform.suffix;
        ReturnValue created = platform.client.call("create_pm", Map.of("name", pm, "config", FIREWALLED_NAT));
        assertThat(created.isSuccess()).as(created.message()).isTrue();
        ports = portsOf(created);
        // An allocation whose wiring takes everything A sends through the PM to B (no hop tags: dedicated ports).
        ReturnValue wired = new DaemonClient(openflow.url(), "", "", 30_000)
                .call("create_connections", platform.bridge, 0, """
                        {"alloc_id": 9, "vlan": false, "match": "", "from_port": %d, "to_port": %d,
                         "pms": [{"name": "%s", "in_port": %d, "out_port": %d}]}""".formatted(
                                a.ofport(), b.ofport(), pm, ports.get("p0"), ports.get("p1")));
        assertThat(wired.isSuccess()).as(wired.message()).isTrue();
        // The PM is a move's new instance: it takes every flow's packets daisy-chained from the old one.
        pmFlows("accept_daisy");
    }

    @AfterAll
    void stop() throws Exception {
        ControllerDaemons.stop(platform, openflow, openflowDir);
    }

    @Test
    @Order(1)
    void aForgedDaisyFrameFromATenantReachesNoElementOfThePm() throws Exception {
        long receivedBefore = received();
        Traffic.Listener atB = Traffic.receive(b.ns(), 1, ALLOWED, DENIED);
        Traffic.send(a.ns(), b.ip(), DENIED, 1); // the firewall drops it
        forge(0, FORGED, "");
        // Behind VLAN tags: Open vSwitch matches the EtherType behind one tag or two (an 802.1ad tag outside an
        // 802.1Q one).
        forge(0, FORGED, "100");
        forge(0, FORGED, "100,200");
        Traffic.send(a.ns(), b.ip(), ALLOWED, 1); // after the forged ones, on the same way: the end of the run
        String counts = atB.result();
        System.out.println("ForgedDaisyFrameTest: at B " + counts + "; switch " + daisyDropCounts() + "; gate " + gate()
                + "; refused on p0 " + refusedOn("p0"));

        assertThat(counts).as("what B received per port").isEqualTo(ALLOWED + "=1 " + DENIED + "=0");
        assertThat(received() - receivedBefore)
                .as("taken by the NAT as daisy-chained")
                .isZero();
        // Open vSwitch credits a rule with the packets its datapath flow matched when its revalidators next run
        // (every half second or so), not at once: the count is awaited.
        assertThat(await(
                        "the platform's rule counts the forged frames",
                        this::daisyDropCounts,
                        dump -> dump.contains("n_packets=" + 3 * FORGED)))
                .as("dropped by the platform's rule: the untagged, the single-tagged and the double-tagged frames")
                .contains("n_packets=" + 3 * FORGED);
    }

    @Test
    @Order(2)
    void whatTheSwitchWronglyLetThroughThePmRefusesOnAnInterfaceNoMoveExpectsItOn() throws Exception {
        // A switch without the platform's rule, sending A's forged frames to the PM's outside port: a packet tagged
        // for the NAT's inside input, and an acknowledgement while the NAT keeps no copies.
        platform.flow(
                "priority=65100,in_port=%d,dl_type=0x88b5,actions=output:%d".formatted(a.ofport(), ports.get("p1")));
        try {
            long receivedBefore = received();
            long refusedBefore = refusedOn("p1");
            Traffic.Listener atB = Traffic.receive(b.ns(), 1, ALLOWED, DENIED);
            forge(0, FORGED, "");
            forge(255, 1, "");
            forge(0, FORGED, "100"); // the PM's kernel takes the VLAN tag off: the PM sees the daisy tag
            Traffic.send(a.ns(), b.ip(), ALLOWED, 1);
            assertThat(atB.result()).isEqualTo(ALLOWED + "=1 " + DENIED + "=0");
            long refused = await(
                    "the PM's stats count the refused frames",
                    () -> refusedOn("p1") - refusedBefore,
                    n -> n >= 2 * FORGED + 1);
            assertThat(refused)
                    .as("the forged packets, untagged and behind a VLAN tag, and the acknowledgement")
                    .isEqualTo(2 * FORGED + 1);
            assertThat(received() - receivedBefore).isZero();
        } finally {
            platform.ovs.ofctl("del-flows", platform.bridge, "in_port=%d,dl_type=0x88b5".formatted(a.ofport()));
        }
    }

    private void forge(int input, int count, String vlans) {
        org.flowstream.common.netns.IpCommand.run(a.ns().command(
                        "python3",
                        "-c",
                        FORGE,
                        a.ifname(),
                        b.mac(),
                        a.mac(),
                        a.ip(),
                        b.ip(),
                        Integer.toString(DENIED),
                        Integer.toString(input),
                        Integer.toString(count),
                        vlans));
    }

    /** The switch's rules for the daisy chain's EtherType, with their counters. */
    private String daisyDropCounts() {
        return platform.ovs.ofctl("-O", "OpenFlow13", "dump-flows", platform.bridge, "dl_type=0x88b5");
    }

    /** The NAT's gate counters. */
    private Map<?, ?> gate() {
        return (Map<?, ?>) ((Map<?, ?>) pmFlows("global")).get("gate");
    }

    private long received() {
        return ((Number) gate().get("daisy_received")).longValue();
    }

    /** One request on the PM's control channel, for the NAT and every flow. */
    private Object pmFlows(String op) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("pm", pm);
        request.put("op", op);
        request.put("element", "nat");
        request.put("filter", "");
        ReturnValue answer = platform.client.call("pm_flows", request);
        assertThat(answer.isSuccess()).as(answer.message()).isTrue();
        return answer.value();
    }

    /** The daisy-chain frames the PM refused on an interface, as its stats file shows them (FromDevice's). */
    private long refusedOn(String ifname) {
        for (Object o : (Object[]) platform.client.call("list_pms").value()) {
            Map<?, ?> struct = (Map<?, ?>) o;
            if (struct.get("name").equals(pm)) {
                Map<?, ?> elements = (Map<?, ?>) ((Map<?, ?>) struct.get("stats")).get("elements");
                for (Object e : elements.values()) {
                    Map<?, ?> counters = (Map<?, ?>) e;
                    if (ifname.equals(counters.get("device")) && counters.get("daisy_refused") != null) {
                        return ((Number) counters.get("daisy_refused")).longValue();
                    }
                }
            }
        }
        return -1;
    }

    private static Map<String, Integer> portsOf(ReturnValue created) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Object p : (Object[]) ((Map<?, ?>) created.value()).get("ports")) {
            Map<?, ?> port = (Map<?, ?>) p;
            out.put((String) port.get("name"), (Integer) port.get("ofport"));
        }
        return out;
    }
}
