package org.flowstream.monitoring.sources;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One poll of the openflow daemon: every known allocation's rule counters and every switch's port counters. */
public record OpenflowSample(Map<Integer, AllocationFlows> allocations, List<SwitchSample> switches) implements Sample {

    public OpenflowSample {
        allocations = Map.copyOf(allocations);
        switches = List.copyOf(switches);
    }

    @Override
    public Map<String, Object> toStruct() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put(
                "allocations",
                new java.util.TreeMap<>(allocations)
                        .values().stream().map(AllocationFlows::toStruct).toList());
        s.put("switches", switches.stream().map(SwitchSample::toStruct).toList());
        return s;
    }
}
