package org.flowstream.placement.domain;

/** A node of a network service DAG (§3.2.2): a source, a processing module or a sink. */
public sealed interface ServiceNode permits SourceNode, ModuleNode, SinkNode {
    /** Unique over every node of every service in one problem; used to join links to their ends. */
    int key();

    /** Name inside its service, e.g. "classifier". */
    String name();

    String serviceId();
}
