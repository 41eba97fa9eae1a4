package org.flowstream.balancer;

/** What a load figure counts. */
public enum LoadUnit {
    PACKETS,
    BYTES
}
