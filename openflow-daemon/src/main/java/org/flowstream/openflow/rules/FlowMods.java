package org.flowstream.openflow.rules;

import java.util.ArrayList;
import java.util.List;
import org.flowstream.contracts.match.Match;
import org.flowstream.openflow.channel.SwitchConnection;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** Builds the flow-mods and flow statistics requests for a rule, for the connection's OpenFlow version. */
public final class FlowMods {

    private FlowMods() {}

    public static OFMessage add(SwitchConnection sw, Rule rule) {
        OFFactory f = sw.factory();
        checkTable(sw, rule);
        var b = f.buildFlowAdd()
                .setXid(sw.nextXid())
                .setCookie(U64.of(rule.cookie()))
                .setPriority(rule.priority())
                .setMatch(LoxiMatch.build(rule.match(), f))
                .setBufferId(OFBufferId.NO_BUFFER)
                .setIdleTimeout(0)
                .setHardTimeout(0);
        if (f.getVersion() == OFVersion.OF_10) {
            b.setActions(FlowActions.toLoxi(f, rule.actions(), rule.matchesTagged()));
        } else {
            b.setTableId(TableId.of(rule.table()))
                    .setInstructions(FlowActions.toInstructions(f, rule.actions(), rule.matchesTagged()));
        }
        return b.build();
    }

    /**
     * Deletes exactly this rule: same table, priority and match; in 1.3 also only if the cookie is ours, so a
     * foreign rule that happens to have the same match survives.
     */
    public static OFMessage deleteStrict(SwitchConnection sw, Rule.Key key, long cookie) {
        OFFactory f = sw.factory();
        var b = f.buildFlowDeleteStrict()
                .setXid(sw.nextXid())
                .setPriority(key.priority())
                .setMatch(LoxiMatch.build(key.match(), f))
                .setOutPort(OFPort.ANY);
        if (f.getVersion() != OFVersion.OF_10) {
            b.setTableId(TableId.of(key.table()))
                    .setCookie(U64.of(cookie))
                    .setCookieMask(U64.NO_MASK)
                    .setOutGroup(OFGroup.ANY);
        }
        return b.build();
    }

    /** Every table's flows (1.0: the one table). */
    public static OFFlowStatsRequest flowStats(SwitchConnection sw) {
        OFFactory f = sw.factory();
        var b = f.buildFlowStatsRequest()
                .setXid(sw.nextXid())
                .setMatch(f.matchWildcardAll())
                .setTableId(TableId.ALL)
                .setOutPort(OFPort.ANY);
        if (f.getVersion() != OFVersion.OF_10) {
            b.setOutGroup(OFGroup.ANY).setCookie(U64.ZERO).setCookieMask(U64.ZERO);
        }
        return b.build();
    }

    /** The switch's flow table, every part of the reply. */
    public static List<OFFlowStatsEntry> readFlows(SwitchConnection sw, java.time.Duration timeout) throws Exception {
        List<OFFlowStatsReply> replies =
                sw.multipart(flowStats(sw)).get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        List<OFFlowStatsEntry> entries = new ArrayList<>();
        replies.forEach(r -> entries.addAll(r.getEntries()));
        return entries;
    }

    /** The rule a flow entry describes, or null when its match uses fields we do not model. */
    public static Rule fromEntry(OFFlowStatsEntry e) {
        Match match = LoxiMatch.read(e.getMatch());
        if (match == null) {
            return null;
        }
        List<String> actions = e.getVersion() == OFVersion.OF_10
                ? FlowActions.fromLoxi(e.getActions())
                : FlowActions.fromInstructions(e.getInstructions());
        int table = e.getVersion() == OFVersion.OF_10 ? 0 : e.getTableId().getValue();
        return new Rule(table, e.getPriority(), match, actions, e.getCookie().getValue());
    }

    private static void checkTable(SwitchConnection sw, Rule rule) {
        if (sw.version() == OFVersion.OF_10 && rule.table() != 0) {
            throw new IllegalArgumentException(
                    "switch %s speaks OpenFlow 1.0, which has only table 0 (rule for table %d)"
                            .formatted(sw.name(), rule.table()));
        }
    }
}
