package org.flowstream.offload.trace;

/** Receives a trace's packets in time order. */
@FunctionalInterface
public interface PacketSink {
    /**
     * @param timeMicros time since the start of the trace, microseconds
     * @param key        dense id of the packet's destination prefix (0 .. keyCount-1)
     * @param bytes      packet size
     */
    void packet(long timeMicros, int key, int bytes);
}
