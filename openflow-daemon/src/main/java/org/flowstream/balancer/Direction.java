package org.flowstream.balancer;

/**
 * Which address a packet is balanced on (§2.2.6). Traffic entering on the first outside port is
 * matched on its source address, traffic entering on the second on its destination address, so
 * both directions of a conversation reach the same machine.
 */
public enum Direction {
    /** Matched by source address; sent to the machine tagged VLAN_SRC. */
    SOURCE,
    /** Matched by destination address; sent to the machine tagged VLAN_DST. */
    DESTINATION
}
