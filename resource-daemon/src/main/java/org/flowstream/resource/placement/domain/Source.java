package org.flowstream.resource.placement.domain;

/** Where a service's traffic enters: fixed to one I/O node. */
public record Source(int key, String name, String serviceId, IoNode ioNode) implements ServiceNode {}
