package org.flowstream.modulehost.runtime;

/** Raw frame I/O on one interface: AF_PACKET in a PM process ({@link PacketSocket}), in memory in unit tests. */
public interface PacketIo extends AutoCloseable {

    /** Waits a short while for a frame arriving on the interface; null when none came (so callers can stop). */
    Packet receive();

    /** Sends a frame out of the interface. */
    void send(Packet packet);

    @Override
    void close();
}
