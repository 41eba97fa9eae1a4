package org.flowstream.openflow.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.flowstream.openflow.rules.Cookies;
import org.flowstream.openflow.rules.Rule;
import org.flowstream.openflow.rules.RuleManager;
import org.flowstream.openflow.rules.RuleStore;
import org.flowstream.openflow.rules.openflow.OpenflowSwitchDrivers;
import org.flowstream.openflow.switches.SwitchRegistry;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFBadActionCode;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFErrorCauseData;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * The controller over TCP against a scripted OpenFlow 1.0 switch (no HELLO bitmap): handshake, echo, flow
 * statistics, a flow-mod answered with an ERROR that must fail exactly that change, and undo it.
 */
class TcpFakeSwitchTest {

    private static final OFFactory OF10 = OFFactories.getFactory(OFVersion.OF_10);

    @Test
    void handshakesOverTcpAnswersEchoAndTurnsASwitchErrorIntoAFailedChange() throws Exception {
        try (Connected sw = Connected.handshake()) {
            RuleManager rules = sw.rules();
            BlockingQueue<OFMessage> flowMods = new LinkedBlockingQueue<>();

            // The switch refuses the flow-mod: the change fails naming the error, and is undone.
            answer(sw.in(), sw.out(), flowMods, true);
            long cookie = Cookies.cookie(Cookies.OwnerKind.OPERATOR, 5);
            Rule rule = Rule.of(0, 100, "ip,nw_dst=1.2.3.4", List.of("output:7"), cookie);
            assertThatThrownBy(() -> rules.change("fakesw", List.of(rule), List.of()))
                    .hasMessageContaining("nothing changed")
                    .hasMessageContaining("BAD_OUT_PORT");
            assertThat(rules.rules("fakesw")).isEmpty();
            OFMessage sent = flowMods.poll(5, TimeUnit.SECONDS);
            assertThat(sent).isInstanceOf(OFFlowAdd.class);
            assertThat(((OFFlowAdd) sent).getCookie().getValue()).isEqualTo(cookie);
        }
    }

    /**
     * The other half of a change: rules on the switch replaced by others. Make before break: every add goes before
     * any delete (a packet always finds the old rule or the new one), and a rule whose key is added again is not
     * deleted (the add replaces it; a delete after it would remove the new rule).
     */
    @Test
    void aChangeAddsBeforeItDeletesAndDoesNotDeleteARuleItReplaces() throws Exception {
        try (Connected sw = Connected.handshake()) {
            RuleManager rules = sw.rules();
            BlockingQueue<OFMessage> flowMods = new LinkedBlockingQueue<>();
            answer(sw.in(), sw.out(), flowMods, false);
            long cookie = Cookies.cookie(Cookies.OwnerKind.OPERATOR, 5);
            Rule entry = Rule.of(0, 100, "ip,nw_src=10.81.0.128/25", List.of("output:3"), cookie);
            Rule oldHop = Rule.of(0, 100, "in_port=4", List.of("output:2"), cookie);
            rules.change("fakesw", List.of(entry, oldHop), List.of());
            assertThat(drain(flowMods, 2)).allMatch(m -> m instanceof OFFlowAdd);

            // The rewire of a move: the entry now leads to the new instance's port, the old one's hop goes.
            Rule newEntry = Rule.of(0, 100, "ip,nw_src=10.81.0.128/25", List.of("output:5"), cookie);
            Rule newHop = Rule.of(0, 100, "in_port=6", List.of("output:2"), cookie);
            rules.change("fakesw", List.of(newEntry, newHop), List.of(entry, oldHop));
            List<OFMessage> sent = drain(flowMods, 3);
            assertThat(sent)
                    .extracting(m -> m.getClass().getSimpleName().replaceAll("Ver\\d+$", ""))
                    .containsExactly("OFFlowAdd", "OFFlowAdd", "OFFlowDeleteStrict");
            assertThat(((OFFlowDeleteStrict) sent.get(2)).getMatch().get(MatchField.IN_PORT))
                    .isEqualTo(OFPort.of(4));
            assertThat(flowMods.poll(200, TimeUnit.MILLISECONDS)).isNull(); // the entry's old version: replaced
            assertThat(rules.rules("fakesw")).containsExactlyInAnyOrder(newEntry, newHop);
        }
    }

    private static List<OFMessage> drain(BlockingQueue<OFMessage> flowMods, int count) throws Exception {
        List<OFMessage> got = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            OFMessage m = flowMods.poll(5, TimeUnit.SECONDS);
            assertThat(m).as("flow-mod %d of %d", i + 1, count).isNotNull();
            got.add(m);
        }
        return got;
    }

    /** A controller and its rule manager, and the TCP connection of a scripted OpenFlow 1.0 switch to it. */
    private record Connected(
            RuleManager rules, OpenflowController controller, Socket socket, DataInputStream in, OutputStream out)
            implements AutoCloseable {

        /** Connects and plays the switch's HELLO, features, echo and first reconciliation (an empty table). */
        static Connected handshake() throws Exception {
            Path state = Files.createTempDirectory("oftcp");
            SwitchRegistry switches = new SwitchRegistry();
            RuleManager rules = new RuleManager(
                    new OpenflowSwitchDrivers(switches, Duration.ofSeconds(10)),
                    new RuleStore(state.resolve("rules.json")));
            OpenflowController controller = new OpenflowController(switches, Duration.ofSeconds(5));
            Socket socket = new Socket();
            InetSocketAddress address = controller.listenTcp("127.0.0.1", 0);
            socket.connect(address, 5000);
            socket.setSoTimeout(10_000);
            Connected sw = new Connected(
                    rules, controller, socket, new DataInputStream(socket.getInputStream()), socket.getOutputStream());
            sw.handshake(switches);
            return sw;
        }

        private void handshake(SwitchRegistry switches) throws Exception {
            assertThat(read(in).getType()).isEqualTo(OFType.HELLO);
            write(out, OF10.buildHello().setXid(1).build());
            OFMessage features = read(in);
            assertThat(features.getType()).isEqualTo(OFType.FEATURES_REQUEST);
            assertThat(features.getVersion()).isEqualTo(OFVersion.OF_10);
            write(
                    out,
                    OF10.buildFeaturesReply()
                            .setXid(features.getXid())
                            .setDatapathId(DatapathId.of(0x42))
                            .setNTables((short) 1)
                            .setPorts(List.of(port(OFPort.LOCAL, "fakesw"), port(OFPort.of(1), "eth1")))
                            .build());

            // The switch asks, the controller answers.
            write(out, OF10.buildEchoRequest().setXid(99).build());
            OFMessage m = read(in);
            // After the handshake the rule manager reconciles: it asks for the flow table (empty here).
            while (m.getType() != OFType.STATS_REQUEST) {
                assertThat(m.getType()).isIn(OFType.ECHO_REPLY, OFType.ECHO_REQUEST);
                if (m instanceof OFEchoReply reply) {
                    assertThat(reply.getXid()).isEqualTo(99);
                }
                m = read(in);
            }
            write(
                    out,
                    OF10.buildFlowStatsReply()
                            .setXid(m.getXid())
                            .setEntries(List.of())
                            .build());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (rules.lastReconcile("fakesw").isEmpty() && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            SwitchConnection conn = switches.get("fakesw").orElseThrow();
            assertThat(conn.dpid()).isEqualTo(DatapathId.of(0x42));
            assertThat(conn.ports()).containsKey(1);
        }

        @Override
        public void close() throws Exception {
            try {
                socket.close();
                controller.close();
            } finally {
                rules.close();
            }
        }
    }

    /**
     * The switch's side from then on, on a thread of its own: barriers, flow statistics (none) and echoes answered,
     * flow-mods kept in {@code flowMods}, and each add refused with BAD_OUT_PORT if {@code refuseAdds}.
     */
    private static void answer(
            DataInputStream in, OutputStream out, BlockingQueue<OFMessage> flowMods, boolean refuseAdds) {
        Thread fake = new Thread(() -> {
            try {
                while (true) {
                    OFMessage msg = read(in);
                    switch (msg.getType()) {
                        case FLOW_MOD -> {
                            flowMods.add(msg);
                            if (refuseAdds && msg instanceof OFFlowAdd) {
                                write(
                                        out,
                                        OF10.errorMsgs()
                                                .buildBadActionErrorMsg()
                                                .setXid(msg.getXid())
                                                .setCode(OFBadActionCode.BAD_OUT_PORT)
                                                .setData(OFErrorCauseData.NONE)
                                                .build());
                            }
                        }
                        case BARRIER_REQUEST ->
                            write(
                                    out,
                                    OF10.buildBarrierReply()
                                            .setXid(msg.getXid())
                                            .build());
                        case STATS_REQUEST ->
                            write(
                                    out,
                                    OF10.buildFlowStatsReply()
                                            .setXid(msg.getXid())
                                            .setEntries(List.of())
                                            .build());
                        case ECHO_REQUEST ->
                            write(
                                    out,
                                    OF10.buildEchoReply().setXid(msg.getXid()).build());
                        default -> {}
                    }
                }
            } catch (Exception e) {
                // the socket closed: the test is over
            }
        });
        fake.setDaemon(true);
        fake.start();
    }

    private static org.projectfloodlight.openflow.protocol.OFPortDesc port(OFPort number, String name) {
        return OF10.buildPortDesc()
                .setPortNo(number)
                .setName(name)
                .setHwAddr(MacAddress.of(0x0200_0000_0000L + number.getPortNumber()))
                .build();
    }

    private static void write(OutputStream out, OFMessage msg) throws Exception {
        ByteBuf buf = Unpooled.buffer();
        msg.writeTo(buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        synchronized (out) {
            out.write(bytes);
            out.flush();
        }
    }

    private static OFMessage read(DataInputStream in) throws Exception {
        byte[] header = new byte[8];
        in.readFully(header);
        int length = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
        byte[] all = new byte[length];
        System.arraycopy(header, 0, all, 0, 8);
        in.readFully(all, 8, length - 8);
        return OFFactories.getGenericReader().readFrom(Unpooled.wrappedBuffer(all));
    }
}
