package org.flowstream.monitoring.sources;

import java.util.LinkedHashMap;
import java.util.Map;

/** Packet and byte counters of one port (a PM's interface or a switch port), as its owner last reported them. */
public record PortCounters(long rxPackets, long rxBytes, long txPackets, long txBytes) {

    public static final PortCounters ZERO = new PortCounters(0, 0, 0, 0);

    /** A PM port's counters from get_load. */
    static PortCounters of(org.flowstream.contracts.records.modulehost.PortCounters counters) {
        return new PortCounters(counters.rxPackets(), counters.rxBytes(), counters.txPackets(), counters.txBytes());
    }

    public PortCounters plus(PortCounters other) {
        return new PortCounters(
                rxPackets + other.rxPackets,
                rxBytes + other.rxBytes,
                txPackets + other.txPackets,
                txBytes + other.txBytes);
    }

    public Map<String, Object> toStruct() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("rx_packets", rxPackets);
        s.put("rx_bytes", rxBytes);
        s.put("tx_packets", txPackets);
        s.put("tx_bytes", txBytes);
        return s;
    }
}
