package org.flowstream.placement.domain;

/** Where a service's traffic enters: fixed to one I/O node. */
public record SourceNode(int key, String name, String serviceId, IoNode ioNode) implements ServiceNode {}
