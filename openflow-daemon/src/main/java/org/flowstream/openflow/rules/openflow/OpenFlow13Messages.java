package org.flowstream.openflow.rules.openflow;

import java.util.List;
import org.flowstream.openflow.rules.Rule;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** OpenFlow 1.3: many tables, actions in an apply-actions instruction, deletes checked against the cookie. */
final class OpenFlow13Messages extends FlowMessages {

    static final OpenFlow13Messages INSTANCE = new OpenFlow13Messages();

    private OpenFlow13Messages() {
        super(OFVersion.OF_13);
    }

    @Override
    OFFlowAdd.Builder placeAndAct(OFFlowAdd.Builder add, Rule rule) {
        return add.setTableId(TableId.of(rule.table()))
                .setInstructions(LoxiActions.toInstructions(factory, rule.actions(), rule.matchesTagged()));
    }

    @Override
    OFFlowDeleteStrict.Builder narrow(OFFlowDeleteStrict.Builder delete, Rule.Key key, long cookie) {
        return delete.setTableId(TableId.of(key.table()))
                .setCookie(U64.of(cookie))
                .setCookieMask(U64.NO_MASK)
                .setOutGroup(OFGroup.ANY);
    }

    @Override
    OFFlowStatsRequest.Builder everyCookie(OFFlowStatsRequest.Builder request) {
        return request.setOutGroup(OFGroup.ANY).setCookie(U64.ZERO).setCookieMask(U64.ZERO);
    }

    @Override
    int tableOf(OFFlowStatsEntry entry) {
        return entry.getTableId().getValue();
    }

    @Override
    List<String> actionsOf(OFFlowStatsEntry entry) {
        return LoxiActions.fromInstructions(entry.getInstructions());
    }
}
