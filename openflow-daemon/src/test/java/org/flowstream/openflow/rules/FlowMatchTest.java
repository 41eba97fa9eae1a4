package org.flowstream.openflow.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFVersion;

class FlowMatchTest {

    @Test
    void parsesOvsSyntaxIntoACanonicalForm() {
        assertThat(FlowMatch.parse("nw_src=10.1.2.3/8,ip,in_port=4").toString())
                .isEqualTo("ip,in_port=4,nw_src=10.0.0.0/8");
        assertThat(FlowMatch.parse("udp,tp_dst=53").toString()).isEqualTo("udp,tp_dst=53");
        assertThat(FlowMatch.parse("nw_dst=192.168.1.0/255.255.255.0"))
                .isEqualTo(FlowMatch.parse("ip,nw_dst=192.168.1.0/24"));
        assertThat(FlowMatch.parse("")).isEqualTo(FlowMatch.ALL);
    }

    @Test
    void refusesWhatItCannotMeanWithAClearMessage() {
        assertThatThrownBy(() -> FlowMatch.parse("ip,nw_src=10.0.0.0/33")).hasMessageContaining("0 to 32");
        assertThatThrownBy(() -> FlowMatch.parse("ip,foo=1")).hasMessageContaining("unknown field 'foo'");
        assertThatThrownBy(() -> FlowMatch.parse("ip,tp_dst=80")).hasMessageContaining("need tcp or udp");
        assertThatThrownBy(() -> FlowMatch.parse("arp,nw_src=1.2.3.4")).hasMessageContaining("need ip");
        assertThatThrownBy(() -> FlowMatch.parse("tcp,udp")).hasMessageContaining("twice");
    }

    @Test
    void overlapFollowsPrefixesAndOtherFields() {
        FlowMatch ten = FlowMatch.parse("ip,in_port=1,nw_src=10.0.0.0/8");
        assertThat(ten.overlaps(FlowMatch.parse("ip,in_port=1,nw_src=10.3.0.0/16")))
                .isTrue();
        assertThat(FlowMatch.parse("ip,in_port=1,nw_src=10.3.0.0/16").overlaps(ten))
                .isTrue();
        assertThat(ten.overlaps(FlowMatch.parse("ip,in_port=1,nw_src=11.0.0.0/8")))
                .isFalse();
        assertThat(ten.overlaps(FlowMatch.parse("ip,in_port=2,nw_src=10.0.0.0/8")))
                .isFalse();
        assertThat(ten.overlaps(FlowMatch.parse("tcp,in_port=1,tp_dst=80"))).isTrue();
        assertThat(ten.overlaps(FlowMatch.parse("arp,in_port=1"))).isFalse();
        assertThat(FlowMatch.parse("ip,nw_src=0.0.0.0/0").overlaps(FlowMatch.parse("ip,nw_src=1.2.3.4")))
                .isTrue();
    }

    @Test
    void survivesTheTripThroughLoxiInBothVersions() {
        for (OFVersion v : List.of(OFVersion.OF_10, OFVersion.OF_13)) {
            var f = OFFactories.getFactory(v);
            for (String text : List.of(
                    "ip,in_port=1,nw_src=10.0.0.0/8",
                    "tcp,nw_dst=1.2.3.4,tp_src=1000,tp_dst=80",
                    "dl_vlan=101,in_port=3",
                    "udp,dl_dst=aa:bb:cc:dd:ee:ff,tp_dst=53",
                    "arp")) {
                FlowMatch m = FlowMatch.parse(text);
                assertThat(FlowMatch.fromLoxi(m.toLoxi(f))).as(v + " " + text).isEqualTo(m);
            }
        }
    }

    @Test
    void actionsAreCheckedAndNormalised() {
        List<String> actions = FlowActions.parse(List.of("mod_vlan_vid:100", "output:3", "strip_vlan", "in_port"));
        assertThat(actions).containsExactly("mod_vlan_vid:100", "output:3", "strip_vlan", "output:in_port");
        assertThatThrownBy(() -> FlowActions.parse(List.of("flood"))).hasMessageContaining("unknown action 'flood'");
    }

    @Test
    void cookiesNameTheirOwner() {
        long c = Cookies.allocation(7);
        assertThat(Cookies.hex(c)).isEqualTo("0xf501000000000007");
        assertThat(Cookies.isOurs(c)).isTrue();
        assertThat(Cookies.describe(c)).isEqualTo("allocation 7");
        assertThat(Cookies.isOurs(0x1234)).isFalse();
        assertThat(Cookies.kind(Cookies.cookie(Cookies.OwnerKind.LOAD_BALANCER, 3)))
                .isEqualTo(Cookies.OwnerKind.LOAD_BALANCER);
    }
}
