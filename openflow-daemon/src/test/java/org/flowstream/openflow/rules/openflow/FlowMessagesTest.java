package org.flowstream.openflow.rules.openflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.flowstream.openflow.rules.Cookies;
import org.flowstream.openflow.rules.FlowActions;
import org.flowstream.openflow.rules.Rule;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** The flow messages per protocol version: a rule goes out and, read back from the flow table, is the same rule. */
class FlowMessagesTest {

    static final long COOKIE = Cookies.cookie(Cookies.OwnerKind.ALLOCATION, 3);

    @Test
    void aRuleSentAndReadBackIsTheSameRuleInBothVersions() {
        Rule rule = Rule.of(0, 300, "tcp,nw_dst=10.0.0.0/8,tp_dst=443", List.of("output:2"), COOKIE);
        for (OFVersion version : List.of(OFVersion.OF_10, OFVersion.OF_13)) {
            OFFlowAdd add = (OFFlowAdd) FlowMessages.of(version).add(9, rule);
            assertThat(add.getXid()).isEqualTo(9);
            assertThat(add.getCookie()).isEqualTo(U64.of(COOKIE));
            assertThat(FlowMessages.of(version).toRule(entryFor(add)))
                    .as(version.toString())
                    .isEqualTo(rule);
        }
    }

    @Test
    void openFlow13KeepsTablesAndDeletesOnlyOurCookie() {
        Rule rule = Rule.of(4, 100, "ip", List.of("output:1"), COOKIE);
        FlowMessages of13 = FlowMessages.of(OFVersion.OF_13);
        OFFlowAdd add = (OFFlowAdd) of13.add(1, rule);
        assertThat(add.getTableId()).isEqualTo(TableId.of(4));
        assertThat(of13.toRule(entryFor(add))).isEqualTo(rule);

        OFFlowDeleteStrict delete = (OFFlowDeleteStrict) of13.deleteStrict(2, rule.key(), COOKIE);
        assertThat(delete.getTableId()).isEqualTo(TableId.of(4));
        assertThat(delete.getCookie()).isEqualTo(U64.of(COOKIE));
        assertThat(delete.getCookieMask()).isEqualTo(U64.NO_MASK);
    }

    @Test
    void openFlow10RefusesARuleForAnotherTableInWords() {
        Rule rule = Rule.of(4, 100, "ip", List.of("output:1"), COOKIE);
        assertThatThrownBy(() -> FlowMessages.of(OFVersion.OF_10).add(1, rule))
                .hasMessage("OpenFlow 1.0 has only table 0 (rule for table 4)");
    }

    @Test
    void actionsSurviveTheTripThroughLoxiInBothVersions() {
        List<String> actions = FlowActions.parse(List.of("mod_vlan_vid:100", "output:3", "strip_vlan", "in_port"));
        assertThat(actions).containsExactly("mod_vlan_vid:100", "output:3", "strip_vlan", "output:in_port");
        assertThat(LoxiActions.fromLoxi(LoxiActions.toLoxi(OFFactories.getFactory(OFVersion.OF_10), actions, false)))
                .isEqualTo(actions);
        var f13 = OFFactories.getFactory(OFVersion.OF_13);
        assertThat(LoxiActions.fromInstructions(LoxiActions.toInstructions(f13, actions, false)))
                .isEqualTo(actions);
        assertThatThrownBy(() -> FlowActions.parse(List.of("flood"))).hasMessageContaining("unknown action 'flood'");
    }

    /** The flow table entry a switch reports for a flow it installed from {@code add}. */
    private static OFFlowStatsEntry entryFor(OFFlowAdd add) {
        OFFactory f = OFFactories.getFactory(add.getVersion());
        var entry = f.buildFlowStatsEntry()
                .setCookie(add.getCookie())
                .setPriority(add.getPriority())
                .setMatch(add.getMatch());
        if (add.getVersion() == OFVersion.OF_10) {
            entry.setActions(add.getActions());
        } else {
            entry.setTableId(add.getTableId()).setInstructions(add.getInstructions());
        }
        return entry.build();
    }
}
