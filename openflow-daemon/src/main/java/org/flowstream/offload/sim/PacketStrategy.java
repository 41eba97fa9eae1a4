package org.flowstream.offload.sim;

/** A strategy that decides per packet, like a cache (changes are assumed instantaneous, §2.4.2.1). */
public abstract class PacketStrategy extends Strategy {
    protected PacketStrategy(String name, int capacity) {
        super(name, capacity);
    }

    /** Handles one packet of {@code key}; true when the switch forwarded it (offloaded). */
    public abstract boolean access(int key);
}
