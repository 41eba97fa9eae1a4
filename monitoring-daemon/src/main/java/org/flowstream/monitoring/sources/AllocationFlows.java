package org.flowstream.monitoring.sources;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.monitoring.ConnectionCounters;
import org.flowstream.contracts.records.openflow.FlowStats;
import org.flowstream.contracts.records.openflow.RuleCounters;

/**
 * What monitoring keeps of the openflow daemon's get_flow_stats(alloc_id) ({@link FlowStats}), where packets and
 * bytes count the traffic entering the allocation (its entry rules) once.
 */
public record AllocationFlows(int allocId, long packets, long bytes, List<ConnectionCounters> rules, String updatedAt) {

    public AllocationFlows {
        rules = List.copyOf(rules);
    }

    /** get_flow_stats' answer ({@link FlowStats}); one that breaks the contract is refused, naming the field. */
    public static AllocationFlows fromWire(int allocId, Object value) {
        FlowStats stats = Structs.fromStruct(value, FlowStats.class);
        if (stats.allocId() != allocId) {
            throw new PeerClient.SourceException(
                    "get_flow_stats(%d) answered for allocation %d".formatted(allocId, stats.allocId()));
        }
        return new AllocationFlows(
                allocId,
                stats.packets(),
                stats.bytes(),
                stats.rules().stream().map(AllocationFlows::connection).toList(),
                stats.updatedAt());
    }

    public Map<String, Object> toStruct() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("alloc_id", allocId);
        s.put("packets", packets);
        s.put("bytes", bytes);
        s.put("rules", rules.stream().map(Structs::toStruct).toList());
        s.put("updated_at", updatedAt);
        return s;
    }

    /** A rule as monitoring keeps it: the switch's counters without the owner, which is the allocation itself. */
    private static ConnectionCounters connection(RuleCounters rule) {
        return new ConnectionCounters(
                rule.switchName(),
                rule.table(),
                rule.priority(),
                rule.match(),
                rule.actions(),
                rule.cookie(),
                rule.packets(),
                rule.bytes());
    }
}
