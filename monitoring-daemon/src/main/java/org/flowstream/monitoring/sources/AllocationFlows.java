package org.flowstream.monitoring.sources;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The openflow daemon's get_flow_stats(alloc_id): {alloc_id, packets, bytes, rules: [...], updated_at}, where
 * packets and bytes count the traffic entering the allocation (its entry rules) once.
 */
public record AllocationFlows(int allocId, long packets, long bytes, List<RuleSample> rules, String updatedAt) {

    public AllocationFlows {
        rules = List.copyOf(rules);
    }

    public static AllocationFlows fromWire(int allocId, Object value) {
        Map<?, ?> s = Wire.struct(value);
        List<RuleSample> rules =
                Wire.list(s.get("rules")).stream().map(RuleSample::fromWire).toList();
        return new AllocationFlows(
                allocId, Wire.count(s, "packets"), Wire.count(s, "bytes"), rules, Wire.text(s, "updated_at"));
    }

    public Map<String, Object> toStruct() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("alloc_id", allocId);
        s.put("packets", packets);
        s.put("bytes", bytes);
        s.put("rules", rules.stream().map(RuleSample::toStruct).toList());
        s.put("updated_at", updatedAt);
        return s;
    }
}
