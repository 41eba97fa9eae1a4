package org.flowstream.placement.domain;

/** What a node of the platform graph is. */
public enum NodeKind {
    IO,
    SWITCH,
    SERVER
}
