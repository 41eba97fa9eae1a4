package org.flowstream.lang.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OpenFlowMatchTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ip,nw_src=10.10.1.2,nw_dst=8.8.8.8",
                "ip,nw_src=10.0.0.0/8",
                "ip,nw_dst=192.168.0.0/255.255.0.0",
                "tcp,tp_dst=80",
                "udp,nw_src=10.1.2.0/24,tp_src=53",
                "icmp,icmp_type=8,icmp_code=0",
                "dl_type=0x0800,nw_proto=6,tp_dst=443",
                "in_port=3,dl_src=00:1b:21:3a:4f:10,dl_vlan=100,dl_vlan_pcp=3",
                "arp,nw_dst=10.0.0.1",
                "ip nw_tos=32",
                "in_port=LOCAL"
            })
    void acceptsOpenFlow10Matches(String match) {
        assertThat(OpenFlowMatch.parse(match).errors()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "ip,nw_src=10.10.1|nw_src=10.10.1: expected an IPv4 address or prefix such as 10.0.0.0/8",
                "ip,nw_src=10.0.0.0/33|nw_src=10.0.0.0/33: the prefix length after '/' must be 0-32 (or a dotted netmask)",
                "ip,nw_src=300.1.1.1|nw_src=300.1.1.1: expected an IPv4 address or prefix such as 10.0.0.0/8",
                "ip,nw_srcc=1.2.3.4|unknown field 'nw_srcc' (did you mean 'nw_src'?)",
                "tcp,tp_dst=70000|tp_dst=70000: expected a port number 0-65535",
                "nw_src=1.2.3.4|nw_src needs an IP or ARP match (add 'ip' or dl_type=0x0800)",
                "ip,tp_dst=80|tp_dst needs a TCP or UDP match (add 'tcp' or 'udp')",
                "tcp,udp|protocol 'udp' conflicts with an earlier protocol in the match",
                "ipv9|unknown protocol 'ipv9'; use one of ip, tcp, udp, icmp, arp or a field=value",
                "ip,nw_src=1.2.3.4,nw_src=1.2.3.5|field 'nw_src' is given twice",
                "dl_src=00:11:22|dl_src=00:11:22: expected an Ethernet address such as 00:1b:21:3a:4f:10 (optionally /mask)",
                "tcp,dl_type=0x0806|dl_type=0x0806 conflicts with the protocol keyword",
                "` `|the match is empty; give at least one field, e.g. \"ip,nw_dst=8.8.8.8\""
            })
    void rejectsBadMatchesWithAClearReason(String match, String expected) {
        assertThat(OpenFlowMatch.parse(match).errors())
                .anySatisfy(e -> assertThat(e).startsWith(expected));
    }
}
