package org.flowstream.openflow.rules.openflow;

import java.util.List;
import org.flowstream.openflow.rules.Rule;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFVersion;

/** OpenFlow 1.0: one table, actions directly on the flow, deletes by match and priority only. */
final class OpenFlow10Messages extends FlowMessages {

    static final OpenFlow10Messages INSTANCE = new OpenFlow10Messages();

    private OpenFlow10Messages() {
        super(OFVersion.OF_10);
    }

    @Override
    OFFlowAdd.Builder placeAndAct(OFFlowAdd.Builder add, Rule rule) {
        if (rule.table() != 0) {
            throw new IllegalArgumentException(
                    "OpenFlow 1.0 has only table 0 (rule for table %d)".formatted(rule.table()));
        }
        return add.setActions(LoxiActions.toLoxi(factory, rule.actions(), rule.matchesTagged()));
    }

    @Override
    OFFlowDeleteStrict.Builder narrow(OFFlowDeleteStrict.Builder delete, Rule.Key key, long cookie) {
        return delete; // 1.0 cannot filter a delete by cookie: a foreign rule with this very match goes too
    }

    @Override
    OFFlowStatsRequest.Builder everyCookie(OFFlowStatsRequest.Builder request) {
        return request; // 1.0 has no cookie filter: it always answers with every flow
    }

    @Override
    int tableOf(OFFlowStatsEntry entry) {
        return 0;
    }

    @Override
    List<String> actionsOf(OFFlowStatsEntry entry) {
        return LoxiActions.fromLoxi(entry.getActions());
    }
}
