package org.flowstream.openflow.rules.openflow;

import org.flowstream.openflow.rules.Rule;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;

/**
 * The OpenFlow messages that install, delete and read rules, one implementation per protocol version (the two
 * differ in tables, instructions and cookie-checked deletes).
 */
public sealed interface FlowMessages permits OpenFlow10Messages, OpenFlow13Messages {

    static FlowMessages of(OFVersion version) {
        return version == OFVersion.OF_10 ? OpenFlow10Messages.INSTANCE : OpenFlow13Messages.INSTANCE;
    }

    /**
     * A FLOW_ADD for the rule.
     *
     * @throws IllegalArgumentException when this version cannot hold the rule (a table other than 0 in 1.0)
     */
    OFMessage add(long xid, Rule rule);

    /**
     * Deletes exactly this rule: same table, priority and match; where the version can, also only if the cookie
     * is ours, so a foreign rule that happens to have the same match survives.
     */
    OFMessage deleteStrict(long xid, Rule.Key key, long cookie);

    /** Every table's flows. */
    OFFlowStatsRequest flowStats(long xid);

    /** The rule a flow entry describes, or null when its match uses fields the rule syntax does not model. */
    Rule toRule(OFFlowStatsEntry entry);
}
