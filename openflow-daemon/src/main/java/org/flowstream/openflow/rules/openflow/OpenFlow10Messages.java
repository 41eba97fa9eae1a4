package org.flowstream.openflow.rules.openflow;

import java.util.List;
import org.flowstream.contracts.match.Match;
import org.flowstream.openflow.rules.FlowActions;
import org.flowstream.openflow.rules.LoxiMatch;
import org.flowstream.openflow.rules.Rule;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** OpenFlow 1.0: one table, actions directly on the flow, deletes by match and priority only. */
final class OpenFlow10Messages implements FlowMessages {

    static final OpenFlow10Messages INSTANCE = new OpenFlow10Messages();

    private final OFFactory factory = OFFactories.getFactory(OFVersion.OF_10);

    private OpenFlow10Messages() {}

    @Override
    public OFMessage add(long xid, Rule rule) {
        if (rule.table() != 0) {
            throw new IllegalArgumentException(
                    "OpenFlow 1.0 has only table 0 (rule for table %d)".formatted(rule.table()));
        }
        return factory.buildFlowAdd()
                .setXid(xid)
                .setCookie(U64.of(rule.cookie()))
                .setPriority(rule.priority())
                .setMatch(LoxiMatch.build(rule.match(), factory))
                .setBufferId(OFBufferId.NO_BUFFER)
                .setIdleTimeout(0)
                .setHardTimeout(0)
                .setActions(FlowActions.toLoxi(factory, rule.actions(), rule.matchesTagged()))
                .build();
    }

    @Override
    public OFMessage deleteStrict(long xid, Rule.Key key, long cookie) {
        // 1.0 cannot filter a delete by cookie: a foreign rule with this very match and priority goes too.
        return factory.buildFlowDeleteStrict()
                .setXid(xid)
                .setPriority(key.priority())
                .setMatch(LoxiMatch.build(key.match(), factory))
                .setOutPort(OFPort.ANY)
                .build();
    }

    @Override
    public OFFlowStatsRequest flowStats(long xid) {
        return factory.buildFlowStatsRequest()
                .setXid(xid)
                .setMatch(factory.matchWildcardAll())
                .setTableId(TableId.ALL)
                .setOutPort(OFPort.ANY)
                .build();
    }

    @Override
    public Rule toRule(OFFlowStatsEntry entry) {
        Match match = LoxiMatch.read(entry.getMatch());
        if (match == null) {
            return null;
        }
        List<String> actions = FlowActions.fromLoxi(entry.getActions());
        return new Rule(
                0, entry.getPriority(), match, actions, entry.getCookie().getValue());
    }
}
