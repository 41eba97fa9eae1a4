package org.flowstream.openflow.rules.openflow;

import java.util.List;
import org.flowstream.contracts.match.Match;
import org.flowstream.openflow.rules.Rule;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * The OpenFlow messages that install, delete and read rules (as ONOS's FlowModBuilder): what every version
 * shares is here, what differs (tables, actions or instructions, cookie-checked deletes) is in one subclass per
 * protocol version.
 */
public abstract sealed class FlowMessages permits OpenFlow10Messages, OpenFlow13Messages {

    protected final OFFactory factory;

    FlowMessages(OFVersion version) {
        this.factory = OFFactories.getFactory(version);
    }

    public static FlowMessages of(OFVersion version) {
        return version == OFVersion.OF_10 ? OpenFlow10Messages.INSTANCE : OpenFlow13Messages.INSTANCE;
    }

    /**
     * A FLOW_ADD for the rule, permanent (no timeouts).
     *
     * @throws IllegalArgumentException when this version cannot hold the rule (a table other than 0 in 1.0)
     */
    public OFMessage add(long xid, Rule rule) {
        OFFlowAdd.Builder add = factory.buildFlowAdd()
                .setXid(xid)
                .setCookie(U64.of(rule.cookie()))
                .setPriority(rule.priority())
                .setMatch(LoxiMatch.build(rule.match(), factory))
                .setBufferId(OFBufferId.NO_BUFFER)
                .setIdleTimeout(0)
                .setHardTimeout(0);
        return placeAndAct(add, rule).build();
    }

    /**
     * Deletes exactly this rule: same table, priority and match; where the version can, also only if the cookie
     * is ours, so a foreign rule that happens to have the same match survives.
     */
    public OFMessage deleteStrict(long xid, Rule.Key key, long cookie) {
        OFFlowDeleteStrict.Builder delete = factory.buildFlowDeleteStrict()
                .setXid(xid)
                .setPriority(key.priority())
                .setMatch(LoxiMatch.build(key.match(), factory))
                .setOutPort(OFPort.ANY);
        return narrow(delete, key, cookie).build();
    }

    /** Every table's flows. */
    public OFFlowStatsRequest flowStats(long xid) {
        OFFlowStatsRequest.Builder request = factory.buildFlowStatsRequest()
                .setXid(xid)
                .setMatch(factory.matchWildcardAll())
                .setTableId(TableId.ALL)
                .setOutPort(OFPort.ANY);
        return everyCookie(request).build();
    }

    /** The rule a flow entry describes, or null when its match uses fields the rule syntax does not model. */
    public Rule toRule(OFFlowStatsEntry entry) {
        Match match = LoxiMatch.read(entry.getMatch());
        if (match == null) {
            return null;
        }
        return new Rule(
                tableOf(entry),
                entry.getPriority(),
                match,
                actionsOf(entry),
                entry.getCookie().getValue());
    }

    /** Sets the rule's table and its actions, as this version carries them. */
    abstract OFFlowAdd.Builder placeAndAct(OFFlowAdd.Builder add, Rule rule);

    /** Restricts a strict delete to the rule's table and cookie, as far as this version can. */
    abstract OFFlowDeleteStrict.Builder narrow(OFFlowDeleteStrict.Builder delete, Rule.Key key, long cookie);

    /** Asks for flows whatever their cookie and group, where this version filters by them. */
    abstract OFFlowStatsRequest.Builder everyCookie(OFFlowStatsRequest.Builder request);

    abstract int tableOf(OFFlowStatsEntry entry);

    abstract List<String> actionsOf(OFFlowStatsEntry entry);
}
