package org.flowstream.monitoring.sources;

import java.util.LinkedHashMap;
import java.util.Map;
import org.flowstream.contracts.records.openflow.RuleCounters;

/** One switch rule of an allocation with its counters, from the openflow daemon's get_flow_stats. */
public record RuleSample(
        String switchName,
        int table,
        int priority,
        String match,
        String actions,
        String cookie,
        long packets,
        long bytes) {

    static RuleSample of(RuleCounters rule) {
        return new RuleSample(
                rule.switchName(),
                rule.table(),
                rule.priority(),
                rule.match(),
                rule.actions(),
                rule.cookie(),
                rule.packets(),
                rule.bytes());
    }

    public Map<String, Object> toStruct() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("switch", switchName);
        s.put("table", table);
        s.put("priority", priority);
        s.put("match", match);
        s.put("actions", actions);
        s.put("cookie", cookie);
        s.put("packets", packets);
        s.put("bytes", bytes);
        return s;
    }
}
