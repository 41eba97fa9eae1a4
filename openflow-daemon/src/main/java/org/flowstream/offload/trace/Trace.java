package org.flowstream.offload.trace;

/** A packet trace reduced to (time, destination prefix, bytes), replayable any number of times. */
public interface Trace {

    /** Number of distinct destination prefixes; keys are 0 .. keyCount()-1. */
    int keyCount();

    /** Length of the trace in whole seconds (time of the last packet, rounded up). */
    long durationSeconds();

    /** Name of a key, e.g. "10.1.2.0/24". */
    String keyName(int key);

    /** Sends every packet to the sink, in time order. */
    void replay(PacketSink sink);
}
