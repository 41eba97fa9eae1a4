package org.flowstream.contracts.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MatchTest {

    /** One canonical match per field (and per spelling); each prints back exactly as written. */
    static final Map<MatchField, List<String>> CANONICAL_BY_FIELD = Map.ofEntries(
            Map.entry(MatchField.IN_PORT, List.of("in_port=3", "in_port=LOCAL", "in_port=65279", "in_port=4294967040")),
            Map.entry(MatchField.DL_VLAN, List.of("dl_vlan=100", "dl_vlan=0", "dl_vlan=4095", "dl_vlan=0xffff")),
            Map.entry(MatchField.DL_VLAN_PCP, List.of("dl_vlan_pcp=3", "dl_vlan=7,dl_vlan_pcp=0")),
            Map.entry(
                    MatchField.DL_SRC,
                    List.of("dl_src=00:1b:21:3a:4f:10", "dl_src=00:1b:21:00:00:00/ff:ff:ff:00:00:00")),
            Map.entry(
                    MatchField.DL_DST,
                    List.of("dl_dst=aa:bb:cc:dd:ee:ff", "dl_dst=01:00:00:00:00:00/01:00:00:00:00:00")),
            Map.entry(
                    MatchField.DL_TYPE,
                    List.of("ip", "arp", "rarp", "ipv6", "mpls", "mplsm", "dl_type=0x88cc", "dl_type=0x0001")),
            Map.entry(
                    MatchField.NW_SRC,
                    List.of(
                            "ip,nw_src=10.1.2.3",
                            "ip,nw_src=10.0.0.0/8",
                            "ip,nw_src=10.0.0.0/255.0.255.0",
                            "arp,arp_spa=10.0.0.1")),
            Map.entry(MatchField.NW_DST, List.of("ip,nw_dst=192.168.1.0/24", "arp,arp_tpa=10.0.0.0/16")),
            Map.entry(MatchField.NW_PROTO, List.of("tcp", "udp", "icmp", "sctp", "ip,nw_proto=47", "arp,arp_op=2")),
            Map.entry(MatchField.NW_TOS, List.of("ip,nw_tos=32", "tcp,nw_tos=252")),
            Map.entry(MatchField.TP_SRC, List.of("tcp,tp_src=1000", "udp,tp_src=0")),
            Map.entry(MatchField.TP_DST, List.of("udp,tp_dst=53", "tcp,tp_dst=65535")),
            Map.entry(MatchField.ICMP_TYPE, List.of("icmp,icmp_type=8")),
            Map.entry(MatchField.ICMP_CODE, List.of("icmp,icmp_type=3,icmp_code=1")));

    @Test
    void everyFieldPrintsBackAsWritten() {
        assertThat(CANONICAL_BY_FIELD.keySet()).isEqualTo(EnumSet.allOf(MatchField.class));
        CANONICAL_BY_FIELD.values().stream().flatMap(List::stream).forEach(text -> {
            Match m = Match.parse(text);
            assertThat(m).as(text).hasToString(text);
            assertThat(Match.parse(m.toString())).isEqualTo(m);
            assertThat(Match.of(m.fields())).isEqualTo(m);
        });
    }

    @Test
    void theCanonicalFormIsWhatOvsOfctlPrints() {
        assertThat(Match.parse("nw_src=10.1.2.3/8,ip,in_port=4")).hasToString("ip,in_port=4,nw_src=10.0.0.0/8");
        assertThat(Match.parse("tp_dst=80 nw_tos=32 nw_dst=5.6.7.8 nw_src=1.2.3.4 dl_dst=00:00:00:00:00:02,"
                        + " dl_src=00:00:00:00:00:01 dl_vlan_pcp=2 dl_vlan=101 in_port=3 tcp"))
                .hasToString("tcp,in_port=3,dl_vlan=101,dl_vlan_pcp=2,dl_src=00:00:00:00:00:01,"
                        + "dl_dst=00:00:00:00:00:02,nw_src=1.2.3.4,nw_dst=5.6.7.8,nw_tos=32,tp_dst=80");
        assertThat(Match.parse("dl_type=0x0800,nw_proto=6,tp_dst=443")).hasToString("tcp,tp_dst=443");
        assertThat(Match.parse("ip,tcp")).hasToString("tcp");
        assertThat(Match.parse("ip,nw_src=0.0.0.0/0")).hasToString("ip").isEqualTo(Match.parse("ip"));
        assertThat(Match.parse("arp,nw_src=1.2.3.4")).hasToString("arp,arp_spa=1.2.3.4");
        assertThat(Match.parse("in_port=65534")).hasToString("in_port=LOCAL");
        assertThat(Match.parse("vlan_tci=0x0000")).isEqualTo(Match.parse("dl_vlan=0xffff"));
        assertThat(Match.parse("vlan_tci=0x0000/0x1fff")).isEqualTo(Match.parse("dl_vlan=0xffff"));
        assertThat(Match.parse("ip,nw_dst=192.168.1.0/255.255.255.0"))
                .isEqualTo(Match.parse("ip,nw_dst=192.168.1.0/24"));
        assertThat(Match.parse("tcp,tp_dst=0x50")).hasToString("tcp,tp_dst=80");
    }

    @Test
    void commasBlanksOrBothSeparateFields() {
        Match expected = Match.parse("tcp,nw_src=10.0.0.0/8,tp_dst=80");
        for (String text : List.of(
                "tcp nw_src=10.0.0.0/8 tp_dst=80",
                "tcp, nw_src=10.0.0.0/8,\ttp_dst=80",
                " tcp,,tp_dst=80 , nw_src=10.0.0.0/8 ")) {
            assertThat(Match.parse(text)).as(text).isEqualTo(expected);
        }
    }

    @Test
    void emptyTextMatchesEverything() {
        assertThat(Match.parse("")).isEqualTo(Match.ALL);
        assertThat(Match.parse(null)).isEqualTo(Match.ALL);
        assertThat(Match.ALL).hasToString("");
        assertThat(Match.ALL.isEmpty()).isTrue();
    }

    @Test
    void withNarrowsAndRevalidates() {
        Match m = Match.parse("ip,nw_src=10.0.0.0/8");
        assertThat(m.with(MatchField.IN_PORT, 4)).hasToString("ip,in_port=4,nw_src=10.0.0.0/8");
        assertThat(m.with(MatchField.IN_PORT, 4).with(MatchField.IN_PORT, 5))
                .hasToString("ip,in_port=5,nw_src=10.0.0.0/8");
        assertThat(Match.ALL.with(MatchField.IN_PORT, 2).with(MatchField.DL_VLAN, 7))
                .hasToString("in_port=2,dl_vlan=7");
        assertThat(Match.parse("arp,arp_spa=1.2.3.4").with(MatchField.IN_PORT, 1))
                .hasToString("arp,in_port=1,arp_spa=1.2.3.4");
        assertThatThrownBy(() -> m.with(MatchField.IN_PORT, 0x1_0000_0000L))
                .hasMessageContaining("expected a switch port number");
        assertThat(m.get(MatchField.NW_SRC)).contains(new Match.Value(0x0a000000L, 0xff000000L));
        assertThat(m.has(MatchField.DL_TYPE)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "ip,nw_src=10.10.1|nw_src=10.10.1: '10.10.1' is not an IPv4 address: it has 3 parts",
                "ip,nw_src=10.0.0.0/33|nw_src=10.0.0.0/33: expected a prefix length 0-32 or a dotted netmask after '/'",
                "ip,nw_src=300.1.1.1|nw_src=300.1.1.1: '300.1.1.1' is not an IPv4 address: '300' is not a number 0-255",
                "ip,nw_srcc=1.2.3.4|unknown field 'nw_srcc'; a match can use in_port, dl_vlan,",
                "tcp,tp_dst=70000|tp_dst=70000: expected a port number 0-65535",
                "tcp,tp_dst=http|tp_dst=http: expected a port number 0-65535",
                "nw_src=1.2.3.4|nw_src needs an IP or ARP match (add 'ip' or 'arp' first)",
                "ip,tp_dst=80|tp_dst needs a TCP or UDP match (add 'tcp' or 'udp' first)",
                "sctp,tp_dst=80|tp_dst needs a TCP or UDP match (add 'tcp' or 'udp' first)",
                "tcp,icmp_type=8|icmp_type needs an ICMP match (add 'icmp' first)",
                "arp,nw_tos=4|nw_tos needs an IP match (add 'ip' first)",
                "dl_vlan=0xffff,dl_vlan_pcp=1|dl_vlan_pcp needs a tagged frame, but dl_vlan=0xffff matches frames without a tag",
                "tcp,udp|protocol 'udp' conflicts with 'tcp' earlier in the match",
                "ip,arp|protocol 'arp' conflicts with 'ip' earlier in the match",
                "ipv9|unknown protocol 'ipv9'; use one of ip, icmp, tcp, udp, sctp, arp, rarp, ipv6, mpls, mplsm or a field=value",
                "ip,nw_src=1.2.3.4,nw_src=1.2.3.5|field 'nw_src' is given twice (nw_src=1.2.3.4 and nw_src=1.2.3.5)",
                "dl_src=00:11:22|dl_src=00:11:22: expected an Ethernet address such as 00:1b:21:3a:4f:10 (optionally /mask)",
                "tcp,dl_type=0x0806|dl_type=0x0806 conflicts with 'tcp', which means dl_type=2048",
                "udp,nw_proto=6|nw_proto=6 conflicts with 'udp', which means nw_proto=17",
                "ip,nw_tos=33|nw_tos=33: expected a type-of-service 0-252 that is a multiple of 4",
                "dl_vlan=5000|dl_vlan=5000: expected a VLAN id 0-4095 (or 0xffff for frames without a tag)",
                "dl_vlan_pcp=8|dl_vlan_pcp=8: expected a VLAN priority 0-7",
                "in_port=4294967041|in_port=4294967041: expected a switch port number 0-4294967040 or LOCAL",
                "icmp,icmp_code=256|icmp_code=256: expected a number 0-255",
                "dl_type=0x10000|dl_type=0x10000: expected an ethertype such as 0x0800"
            })
    void refusesBadMatchesWithAReasonInWords(String text, String expected) {
        assertThatThrownBy(() -> Match.parse(text))
                .isInstanceOfSatisfying(
                        InvalidMatchException.class,
                        e -> assertThat(e.problems())
                                .anySatisfy(p -> assertThat(p).startsWith(expected)))
                .hasMessageStartingWith("bad match \"" + text + "\": ")
                .hasMessageNotContaining("Exception");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> Match.parse("ip,nw_src=1.2.3,tp_dst=x,foo=1"))
                .isInstanceOfSatisfying(
                        InvalidMatchException.class,
                        e -> assertThat(e.problems()).hasSize(3));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ip,nw_src=10.0.0.0/8 | tcp,tp_dst=80 | true",
                "udp | tcp | false",
                "ip | arp | false",
                "ip,nw_src=10.1.0.0/16 | ip,nw_src=10.2.0.0/16 | false",
                "ip,nw_src=10.1.0.0/16 | ip,nw_src=10.1.2.3 | true",
                "ip,nw_dst=10.1.0.0/255.255.0.0 | ip,nw_dst=10.1.9.9 | true",
                "ip,nw_src=10.10.1.1,nw_dst=10.10.1.2 | ip,nw_src=10.10.1.2,nw_dst=10.10.1.1 | false",
                "tcp,tp_dst=80 | tcp,tp_dst=443 | false",
                "icmp,icmp_type=8 | icmp | true",
                "icmp,icmp_type=8 | icmp,icmp_type=0 | false",
                "dl_src=00:00:00:00:00:01 | dl_src=00:00:00:00:00:00/ff:ff:ff:ff:ff:00 | true",
                "dl_src=00:00:00:00:01:01 | dl_src=00:00:00:00:00:00/ff:ff:ff:ff:ff:00 | false",
                "dl_type=0x0800,nw_proto=6 | tcp | true",
                "ip,nw_src=0.0.0.0/0 | ip,nw_src=1.2.3.4 | true",
                "ip,in_port=1,nw_src=10.0.0.0/8 | ip,in_port=1,nw_src=10.3.0.0/16 | true",
                "ip,in_port=1,nw_src=10.0.0.0/8 | ip,in_port=1,nw_src=11.0.0.0/8 | false",
                "ip,in_port=1,nw_src=10.0.0.0/8 | ip,in_port=2,nw_src=10.0.0.0/8 | false",
                "ip,in_port=1,nw_src=10.0.0.0/8 | tcp,in_port=1,tp_dst=80 | true",
                "ip,in_port=1,nw_src=10.0.0.0/8 | arp,in_port=1 | false",
                "dl_vlan=0xffff | dl_vlan=10 | false",
                " | tcp,tp_dst=80 | true"
            })
    void twoMatchesOverlapWhenSomePacketMatchesBoth(String a, String b, boolean overlap) {
        assertThat(Match.parse(a).overlaps(Match.parse(b))).isEqualTo(overlap);
        assertThat(Match.parse(b).overlaps(Match.parse(a))).as("symmetric").isEqualTo(overlap);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ip,nw_src=10.10.1.2,nw_dst=8.8.8.8",
                "udp,nw_src=10.1.2.0/24,tp_src=53",
                "icmp,icmp_type=8,icmp_code=0",
                "in_port=3,dl_src=00:1b:21:3a:4f:10,dl_vlan=100,dl_vlan_pcp=3",
                "arp,nw_dst=10.0.0.1",
                "ip nw_tos=32",
                "in_port=LOCAL"
            })
    void acceptsWhatTheLanguageAcceptedBefore(String text) {
        Set<String> names = Match.parse(text).fields().keySet().stream()
                .map(MatchField::text)
                .collect(Collectors.toSet());
        assertThat(names).isNotEmpty();
    }
}
