package org.flowstream.monitoring.sources;

import java.util.LinkedHashMap;
import java.util.Map;

/** A switch's port counters, from the openflow daemon's get_port_stats(switch): {switch, updated_at, ports: [{port, rx_packets, ...}]}. */
public record SwitchSample(String name, Map<String, PortCounters> ports) {

    public SwitchSample {
        ports = Map.copyOf(ports);
    }

    static SwitchSample fromWire(String name, Object value) {
        Map<String, PortCounters> ports = new LinkedHashMap<>();
        for (Object port : Wire.list(Wire.struct(value).get("ports"))) {
            ports.put(Wire.text(Wire.struct(port), "port"), PortCounters.fromWire(port));
        }
        return new SwitchSample(name, ports);
    }

    public Map<String, Object> toStruct() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("switch", name);
        s.put(
                "ports",
                new java.util.TreeMap<>(ports)
                        .entrySet().stream()
                                .map(e -> {
                                    Map<String, Object> port = new LinkedHashMap<>();
                                    port.put("port", e.getKey());
                                    port.putAll(e.getValue().toStruct());
                                    return port;
                                })
                                .toList());
        return s;
    }
}
