package org.flowstream.modulehost.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.flowstream.contracts.net.Ipv4Address;
import org.flowstream.modulehost.elements.IPRewriter;
import org.junit.jupiter.api.Test;

/** The element library on in-memory devices: a graph is built from text and packets are pushed through it. */
class ElementsTest {

    private final FakeDevices devices = new FakeDevices();

    private PmGraph graph(String text) throws Exception {
        return PmGraph.build(GraphParser.parse(text), new ElementRegistry(null), devices.context());
    }

    private static void push(PmGraph g, String element, int port, Packet p) {
        g.elements().get(element).push(port, p);
    }

    @Test
    void firewallDropsWhatItsRulesDenyAndPassesTheRest() throws Exception {
        PmGraph g = graph(
                "in :: Null -> IPFilter(deny tcp dst port 22, deny src net 10.9.0.0/16, allow udp, allow tcp) -> ToDevice(p1)");
        push(g, "in", 0, FakeDevices.ipv4(Packet.PROTO_TCP, "10.0.0.1", 4000, "10.0.0.2", 22, 10));
        push(g, "in", 0, FakeDevices.ipv4(Packet.PROTO_TCP, "10.0.0.1", 4000, "10.0.0.2", 80, 10));
        push(g, "in", 0, FakeDevices.ipv4(Packet.PROTO_UDP, "10.9.3.1", 4000, "10.0.0.2", 53, 10));
        push(g, "in", 0, FakeDevices.ipv4(Packet.PROTO_UDP, "10.0.0.1", 4000, "10.0.0.2", 22, 10));
        push(g, "in", 0, FakeDevices.ipv4(Packet.PROTO_ICMP, "10.0.0.1", 0, "10.0.0.2", 0, 10)); // no rule: dropped
        assertThat(devices.sent.get("p1")).extracting(Packet::dstPort).containsExactly(80, 22);
    }

    @Test
    void badRulesAreRefusedSayingWhich() {
        assertThatThrownBy(() -> graph("IPFilter(allow all, frobnicate tcp)"))
                .hasMessageContaining("rule 2")
                .hasMessageContaining("frobnicate");
        assertThatThrownBy(() -> graph("IPFilter(deny tcp dst port 70000)")).hasMessageContaining("outside 0..65535");
    }

    @Test
    void classifierSortsByFrameBytes() throws Exception {
        PmGraph g = graph(
                "c :: Classifier(12/0806, 12/0800 23/11, -); c[0] -> ToDevice(arp); c[1] -> ToDevice(udp); c[2] -> ToDevice(other)");
        Packet arp = Packet.ofFrame(new byte[60]);
        arp.setU16(12, 0x0806);
        push(g, "c", 0, arp);
        push(g, "c", 0, FakeDevices.ipv4(Packet.PROTO_UDP, "1.1.1.1", 1, "2.2.2.2", 2, 10));
        push(g, "c", 0, FakeDevices.ipv4(Packet.PROTO_TCP, "1.1.1.1", 1, "2.2.2.2", 2, 10));
        assertThat(devices.sent.get("arp")).hasSize(1);
        assertThat(devices.sent.get("udp")).hasSize(1);
        assertThat(devices.sent.get("other")).extracting(Packet::ipProtocol).containsExactly(Packet.PROTO_TCP);
        assertThatThrownBy(() -> graph("Classifier(12/08zz)")).hasMessageContaining("pattern 1");
    }

    @Test
    void counterTeeAndDiscard() throws Exception {
        PmGraph g =
                graph("c :: Counter -> t :: Tee(3); t[0] -> ToDevice(p0); t[1] -> ToDevice(p1); t[2] -> d :: Discard");
        for (int i = 0; i < 5; i++) {
            push(g, "c", 0, FakeDevices.ipv4(Packet.PROTO_UDP, "1.1.1.1", 1, "2.2.2.2", 2, 100));
        }
        assertThat(g.elements().get("c").stats()).containsEntry("count", 5L).containsEntry("byte_count", 5L * 142);
        assertThat(devices.sent.get("p0")).hasSize(5);
        assertThat(devices.sent.get("p1")).hasSize(5);
        assertThat(devices.sent.get("p1").get(0))
                .isNotSameAs(devices.sent.get("p0").get(0));
        assertThat(g.elements().get("d").stats()).containsEntry("count", 5L);
    }

    @Test
    void prefixSamplerCountsOnePacketInNPerPrefixAndPassesEveryPacketOn() throws Exception {
        PmGraph g = graph("s :: PrefixSampler(24, 10) -> ToDevice(p0); d :: PrefixSampler(16, 1, dst) -> ToDevice(p1)");
        for (int i = 0; i < 300; i++) {
            String source =
                    i < 200 ? "10.1.2." + (i % 250) : "10.1.3.7"; // 200 packets from 10.1.2.0/24, 100 from 10.1.3.0/24
            push(g, "s", 0, FakeDevices.ipv4(Packet.PROTO_UDP, source, 1, "192.168.9.9", 2, 10));
        }
        push(g, "s", 0, Packet.ofFrame(new byte[60])); // not IPv4: passed on, never sampled
        assertThat(devices.sent.get("p0")).hasSize(301);
        assertThat(g.elements().get("s").stats())
                .containsEntry("one_in", 10)
                .containsEntry("ipv4_packets", 300L)
                .containsEntry("samples", java.util.Map.of("10.1.2.0/24", 20L, "10.1.3.0/24", 10L));
        push(g, "d", 0, FakeDevices.ipv4(Packet.PROTO_UDP, "1.1.1.1", 1, "172.16.200.1", 2, 10));
        assertThat(g.elements().get("d").stats())
                .containsEntry("address", "dst")
                .containsEntry("samples", java.util.Map.of("172.16.0.0/16", 1L));
        assertThatThrownBy(() -> graph("PrefixSampler(33)"))
                .hasMessageContaining("BITS must be a whole number from 1 to 32, got '33'");
        assertThatThrownBy(() -> graph("PrefixSampler(24, 100, both)"))
                .hasMessageContaining("ADDRESS must be src or dst, got 'both'");
    }

    @Test
    void rateLimiterPassesTheBurstThenPolices() throws Exception {
        PmGraph g = graph("r :: RateLimiter(1, 3) -> ToDevice(p0); r[1] -> ToDevice(p1)");
        for (int i = 0; i < 10; i++) {
            push(g, "r", 0, FakeDevices.ipv4(Packet.PROTO_UDP, "1.1.1.1", 1, "2.2.2.2", 2, 10));
        }
        // A rate of 1/s cannot refill more than one token while ten packets are pushed in a row.
        assertThat(devices.sent.get("p0").size()).isBetween(3, 4);
        assertThat(devices.sent.get("p0").size() + devices.sent.get("p1").size())
                .isEqualTo(10);
    }

    @Test
    void natMapsEndpointIndependentlyAndTranslatesRepliesWithValidChecksums() throws Exception {
        PmGraph g = graph(
                "nat :: IPRewriter(EXTERNAL 192.0.2.1, PORTS 40000-40009); nat[0] -> ToDevice(out); nat[1] -> ToDevice(in)");
        IPRewriter nat = (IPRewriter) g.elements().get("nat");
        push(g, "nat", 0, FakeDevices.ipv4(Packet.PROTO_UDP, "10.0.0.5", 5555, "8.8.8.8", 53, 20));
        push(
                g,
                "nat",
                0,
                FakeDevices.ipv4(Packet.PROTO_UDP, "10.0.0.5", 5555, "9.9.9.9", 123, 20)); // another destination
        push(g, "nat", 0, FakeDevices.ipv4(Packet.PROTO_TCP, "10.0.0.6", 5555, "8.8.8.8", 80, 20));
        List<Packet> out = devices.sent.get("out");
        assertThat(out).hasSize(3);
        assertThat(out)
                .allSatisfy(p -> assertThat(Ipv4Address.format(p.ipSrc())).isEqualTo("192.0.2.1"));
        // Endpoint-independent mapping: same internal endpoint, same external port, whatever the destination.
        assertThat(out.get(0).srcPort()).isEqualTo(out.get(1).srcPort()).isBetween(40000, 40009);
        assertThat(out.get(2).srcPort()).isNotEqualTo(out.get(0).srcPort());
        for (Packet p : out) {
            assertChecksumsValid(p);
        }
        int external =
                nat.mappingOf(Packet.PROTO_UDP, Ipv4Address.parse("10.0.0.5").bits(), 5555);
        // A reply from any remote host reaches the internal endpoint (endpoint-independent filtering).
        push(g, "nat", 1, FakeDevices.ipv4(Packet.PROTO_UDP, "7.7.7.7", 99, "192.0.2.1", external, 20));
        push(
                g,
                "nat",
                1,
                FakeDevices.ipv4(
                        Packet.PROTO_UDP,
                        "7.7.7.7",
                        99,
                        "192.0.2.1",
                        40009 == external ? 40008 : 40009,
                        20)); // unmapped
        List<Packet> in = devices.sent.get("in");
        assertThat(in).hasSize(1);
        assertThat(Ipv4Address.format(in.get(0).ipDst())).isEqualTo("10.0.0.5");
        assertThat(in.get(0).dstPort()).isEqualTo(5555);
        assertChecksumsValid(in.get(0));
        assertThat(nat.stats()).containsEntry("unsolicited", 1L).containsEntry("mappings", 2);
    }

    private static void assertChecksumsValid(Packet p) {
        int stored = p.u16(p.l3Offset() + 10);
        Checksums.fixIpHeader(p);
        assertThat(p.u16(p.l3Offset() + 10)).as("IP header checksum").isEqualTo(stored);
        int field = p.l4Offset() + (p.ipProtocol() == Packet.PROTO_TCP ? 16 : 6);
        assertThat(p.u16(field)).as("transport checksum").isEqualTo(FakeDevices.l4Checksum(p));
    }

    @Test
    void portMistakesAreReported() {
        assertThatThrownBy(() -> graph("c :: Counter; c[1] -> Discard"))
                .hasMessageContaining("c has 1 output, no output 1");
        assertThatThrownBy(() -> graph("Frob -> Discard")).hasMessageContaining("unknown element type 'Frob'");
        // Ports come from each element's signature: Mirror is 1/1-2 (configured 1/2), IPRewriter 2/2, Discard 1/0,
        // FromDevice 0/1.
        assertThatThrownBy(() -> graph("m :: Mirror; m[2] -> Discard"))
                .hasMessageContaining("m has 2 outputs, no output 2");
        assertThatThrownBy(() -> graph("n :: IPRewriter(EXTERNAL 10.0.0.1); Null -> [2]n"))
                .hasMessageContaining("n has 2 inputs, no input 2");
        assertThatThrownBy(() -> graph("d :: Discard; d -> Null")).hasMessageContaining("d has 0 outputs, no output 0");
        assertThatThrownBy(() -> graph("Null -> f :: FromDevice(p0)"))
                .hasMessageContaining("f has 0 inputs, no input 0");
        // RateLimiter is 1/1-2: output 1 is there, output 2 is not.
        assertThatThrownBy(() -> graph("r :: RateLimiter(10); r[2] -> Discard"))
                .hasMessageContaining("r has 1-2 outputs, no output 2");
    }

    @Test
    void aConfigurationNarrowsTheDeclaredPorts() throws Exception {
        PmGraph g = graph("t :: Tee(3); t[2] -> Discard");
        assertThat(g.elements().get("t").ports()).hasToString("1/3");
        assertThat(g.elements().get("t").signature().orElseThrow().ports()).hasToString("1/1-");
        assertThatThrownBy(() -> graph("t :: Tee(3); t[3] -> Discard"))
                .hasMessageContaining("t has 3 outputs, no output 3");
    }

    @Test
    void offloadedChecksumIsCompletedFromTheVirtioHeader() {
        Packet good = FakeDevices.ipv4(Packet.PROTO_UDP, "10.0.0.1", 1000, "10.0.0.2", 2000, 33);
        int expected = good.u16(40);
        // What a veth with checksum offload delivers: the field holds the folded pseudo-header sum only.
        byte[] frame = good.frame();
        int pseudo = Checksums.sum(frame, 26, 8, 0) + 17 + (frame.length - 34);
        int folded = ~Checksums.fold(pseudo) & 0xffff;
        Packet partial = Packet.ofFrame(frame);
        partial.setU16(40, folded);
        byte[] buf = partial.buffer();
        buf[0] = 1; // NEEDS_CSUM
        buf[6] = 34; // csum_start
        buf[8] = 6; // csum_offset
        partial.completeChecksum();
        assertThat(partial.u16(40)).isEqualTo(expected);
        assertThat(partial.needsChecksum()).isFalse();
    }
}
