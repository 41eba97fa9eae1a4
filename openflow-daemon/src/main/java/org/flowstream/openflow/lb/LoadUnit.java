package org.flowstream.openflow.lb;

/** What a load figure counts. */
public enum LoadUnit {
    PACKETS,
    BYTES
}
