package org.flowstream.modulehost.runtime;

/** Raw frame I/O on one interface: AF_PACKET in a PM process ({@link PacketSocket}), in memory in unit tests. */
public interface PacketIo extends AutoCloseable {

    /** Waits a short while for a frame arriving on the interface; null when none came (so callers can stop). */
    Packet receive();

    /** Whether {@link #receive()} would answer a frame at once (one already arrived and is not read yet). */
    default boolean ready() {
        return false;
    }

    /** Sends a frame out of the interface; throws when it could not. */
    void send(Packet packet);

    /**
     * Sends {@code packets[0..count)} in order, in as few system calls as the implementation can; a frame that could
     * not be sent is lost (like a frame dropped on a wire) and its array element set to null, for the caller to count.
     */
    default void send(Packet[] packets, int count) {
        for (int i = 0; i < count; i++) {
            try {
                send(packets[i]);
            } catch (RuntimeException e) {
                packets[i] = null;
            }
        }
    }

    @Override
    void close();
}
