package org.flowstream.modulehost.elements;

import org.flowstream.modulehost.runtime.Element;
import org.flowstream.modulehost.runtime.ElementInfo;
import org.flowstream.modulehost.runtime.Packet;

/** Passes packets on unchanged (a placeholder, and the forwarding PM of the benchmark). */
@ElementInfo(
        description = "Null(): passes every packet on unchanged",
        primitives = {})
public final class Null extends Element {

    @Override
    public void push(int port, Packet packet) {
        output(0, packet);
    }
}
