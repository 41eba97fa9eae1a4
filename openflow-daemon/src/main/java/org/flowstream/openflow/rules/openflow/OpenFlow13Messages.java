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
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** OpenFlow 1.3: many tables, actions in an apply-actions instruction, deletes checked against the cookie. */
final class OpenFlow13Messages implements FlowMessages {

    static final OpenFlow13Messages INSTANCE = new OpenFlow13Messages();

    private final OFFactory factory = OFFactories.getFactory(OFVersion.OF_13);

    private OpenFlow13Messages() {}

    @Override
    public OFMessage add(long xid, Rule rule) {
        return factory.buildFlowAdd()
                .setXid(xid)
                .setCookie(U64.of(rule.cookie()))
                .setPriority(rule.priority())
                .setMatch(LoxiMatch.build(rule.match(), factory))
                .setBufferId(OFBufferId.NO_BUFFER)
                .setIdleTimeout(0)
                .setHardTimeout(0)
                .setTableId(TableId.of(rule.table()))
                .setInstructions(FlowActions.toInstructions(factory, rule.actions(), rule.matchesTagged()))
                .build();
    }

    @Override
    public OFMessage deleteStrict(long xid, Rule.Key key, long cookie) {
        return factory.buildFlowDeleteStrict()
                .setXid(xid)
                .setPriority(key.priority())
                .setMatch(LoxiMatch.build(key.match(), factory))
                .setOutPort(OFPort.ANY)
                .setTableId(TableId.of(key.table()))
                .setCookie(U64.of(cookie))
                .setCookieMask(U64.NO_MASK)
                .setOutGroup(OFGroup.ANY)
                .build();
    }

    @Override
    public OFFlowStatsRequest flowStats(long xid) {
        return factory.buildFlowStatsRequest()
                .setXid(xid)
                .setMatch(factory.matchWildcardAll())
                .setTableId(TableId.ALL)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .setCookie(U64.ZERO)
                .setCookieMask(U64.ZERO)
                .build();
    }

    @Override
    public Rule toRule(OFFlowStatsEntry entry) {
        Match match = LoxiMatch.read(entry.getMatch());
        if (match == null) {
            return null;
        }
        List<String> actions = FlowActions.fromInstructions(entry.getInstructions());
        return new Rule(
                entry.getTableId().getValue(),
                entry.getPriority(),
                match,
                actions,
                entry.getCookie().getValue());
    }
}
