package org.flowstream.modulehost.elements;

import org.flowstream.contracts.element.Signature;
import org.flowstream.modulehost.runtime.Element;
import org.flowstream.modulehost.runtime.Packet;

/** Passes packets on unchanged (a placeholder, and the forwarding PM of the benchmark). */
@Signature(ports = "1/1", description = "passes every packet on unchanged")
public final class Null extends Element {

    @Override
    public void push(int port, Packet packet) {
        output(0, packet);
    }
}
