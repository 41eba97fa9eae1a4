package org.flowstream.modulehost.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** One PM interface as the runtime sees it: its packet I/O and its counters (what get_load reports per port). */
public final class Device {

    private final String name;
    private final PacketIo io;
    private final LongAdder rxPackets = new LongAdder();
    private final LongAdder rxBytes = new LongAdder();
    private final LongAdder txPackets = new LongAdder();
    private final LongAdder txBytes = new LongAdder();
    private final LongAdder txErrors = new LongAdder();

    Device(String name, PacketIo io) {
        this.name = name;
        this.io = io;
    }

    public String name() {
        return name;
    }

    public PacketIo io() {
        return io;
    }

    /** Receives one frame (or null after a short wait) and counts it. */
    public Packet receive() {
        Packet packet = io.receive();
        if (packet != null) {
            rxPackets.increment();
            rxBytes.add(packet.length());
        }
        return packet;
    }

    public void send(Packet packet) {
        try {
            io.send(packet);
            txPackets.increment();
            txBytes.add(packet.length());
        } catch (RuntimeException e) {
            txErrors.increment();
        }
    }

    public Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("rx_packets", rxPackets.sum());
        stats.put("rx_bytes", rxBytes.sum());
        stats.put("tx_packets", txPackets.sum());
        stats.put("tx_bytes", txBytes.sum());
        stats.put("tx_errors", txErrors.sum());
        return stats;
    }
}
