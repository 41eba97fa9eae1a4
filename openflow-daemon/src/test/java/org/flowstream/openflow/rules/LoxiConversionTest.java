package org.flowstream.openflow.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.flowstream.contracts.match.Match;
import org.flowstream.openflow.rules.openflow.LoxiMatch;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFVersion;

/** A rule's parts (match, actions, cookie) through OpenFlowJ-Loxi and back, in both protocol versions. */
class LoxiConversionTest {

    /** Every field, in forms both protocol versions can carry. */
    private static final List<String> EVERY_FIELD = List.of(
            "ip,in_port=1,nw_src=10.0.0.0/8",
            "in_port=LOCAL",
            "tcp,nw_dst=1.2.3.4,tp_src=1000,tp_dst=80",
            "in_port=3,dl_vlan=101",
            "dl_vlan=0xffff",
            "dl_vlan=7,dl_vlan_pcp=5",
            "udp,dl_dst=aa:bb:cc:dd:ee:ff,tp_dst=53",
            "dl_src=00:1b:21:3a:4f:10,dl_type=0x88cc",
            "arp",
            "arp,arp_spa=10.0.0.1,arp_tpa=10.0.0.0/24,arp_op=2",
            "ip,nw_proto=47,nw_tos=32",
            "tcp,nw_tos=60",
            "icmp,icmp_type=3,icmp_code=1",
            "sctp");

    @Test
    void everyFieldSurvivesTheTripThroughLoxiInBothVersions() {
        for (OFVersion v : List.of(OFVersion.OF_10, OFVersion.OF_13)) {
            var f = OFFactories.getFactory(v);
            for (String text : EVERY_FIELD) {
                Match m = Match.parse(text);
                assertThat(LoxiMatch.read(LoxiMatch.build(m, f)))
                        .as(v + " " + text)
                        .isEqualTo(m);
            }
        }
    }

    @Test
    void aPriorityWithoutAVlanIdSurvivesOpenFlow13sPresentBit() {
        var f = OFFactories.getFactory(OFVersion.OF_13);
        Match m = Match.parse("dl_vlan_pcp=3");
        assertThat(LoxiMatch.read(LoxiMatch.build(m, f))).isEqualTo(m);
    }

    @Test
    void openFlow10RefusesInWordsWhatItCannotCarry() {
        var f10 = OFFactories.getFactory(OFVersion.OF_10);
        var f13 = OFFactories.getFactory(OFVersion.OF_13);
        for (String text : List.of(
                "dl_src=00:1b:21:00:00:00/ff:ff:ff:00:00:00",
                "ip,nw_src=10.0.0.0/255.0.255.0",
                "in_port=70000",
                "dl_vlan_pcp=3",
                "ip,nw_tos=64")) {
            Match m = Match.parse(text);
            assertThatThrownBy(() -> LoxiMatch.build(m, f10))
                    .as(text)
                    .isInstanceOf(LoxiMatch.UnsupportedMatchException.class)
                    .hasMessageContaining("OpenFlow 1.0 cannot match")
                    .hasMessageContaining("the switch must speak OpenFlow 1.3");
            assertThat(LoxiMatch.read(LoxiMatch.build(m, f13))).as(text).isEqualTo(m);
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
