package org.flowstream.monitoring.sources;

import java.util.LinkedHashMap;
import java.util.Map;

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

    static RuleSample fromWire(Object value) {
        Map<?, ?> s = Wire.struct(value);
        return new RuleSample(
                Wire.text(s, "switch"),
                (int) Wire.count(s, "table"),
                (int) Wire.count(s, "priority"),
                Wire.text(s, "match"),
                Wire.text(s, "actions"),
                Wire.text(s, "cookie"),
                Wire.count(s, "packets"),
                Wire.count(s, "bytes"));
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
