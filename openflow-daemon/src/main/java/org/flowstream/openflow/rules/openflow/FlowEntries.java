package org.flowstream.openflow.rules.openflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flowstream.openflow.channel.SwitchConnection;
import org.flowstream.openflow.rules.Rule;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;

/** A switch's flow table as OpenFlow flow statistics entries, for the driver and the statistics poller. */
public final class FlowEntries {

    private FlowEntries() {}

    /** Every entry of every table, all parts of the (multipart) reply. */
    public static List<OFFlowStatsEntry> read(SwitchConnection sw, Duration timeout) throws Exception {
        List<OFFlowStatsReply> replies = sw.multipart(
                        FlowMessages.of(sw.version()).flowStats(sw.nextXid()))
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<OFFlowStatsEntry> entries = new ArrayList<>();
        replies.forEach(r -> entries.addAll(r.getEntries()));
        return entries;
    }

    /** The rule an entry describes, or null when its match uses fields the rule syntax does not model. */
    public static Rule toRule(OFFlowStatsEntry entry) {
        return FlowMessages.of(entry.getVersion()).toRule(entry);
    }
}
