package org.flowstream.monitoring.sources;

import java.util.LinkedHashMap;
import java.util.Map;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.PortCounters;
import org.flowstream.contracts.records.openflow.PortStats;
import org.flowstream.contracts.records.openflow.SwitchPortCounters;

/** A switch's port counters, from the openflow daemon's get_port_stats(switch): {switch, updated_at, ports: [{port, rx_packets, ...}]}. */
public record SwitchSample(String name, Map<String, PortCounters> ports) {

    public SwitchSample {
        ports = Map.copyOf(ports);
    }

    /** get_port_stats' answer ({@link PortStats}); one that breaks the contract is refused, naming the field. */
    static SwitchSample fromWire(String name, Object value) {
        Map<String, PortCounters> ports = new LinkedHashMap<>();
        for (SwitchPortCounters port :
                Structs.fromStruct(value, PortStats.class).ports()) {
            ports.put(
                    port.port(),
                    new PortCounters(
                            port.rxPackets(), port.rxBytes(), port.txPackets(), port.txBytes(), port.txErrors()));
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
                                    port.putAll(Structs.toStruct(e.getValue()));
                                    return port;
                                })
                                .toList());
        return s;
    }
}
