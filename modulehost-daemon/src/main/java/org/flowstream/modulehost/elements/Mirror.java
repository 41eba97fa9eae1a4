package org.flowstream.modulehost.elements;

import org.flowstream.contracts.element.ElementConfiguration;
import org.flowstream.contracts.element.Signature;
import org.flowstream.modulehost.runtime.Primitives;
import org.flowstream.modulehost.runtime.RuntimeContext;

/** The spec's Mirror: traffic continues on output 0 and a copy of every packet leaves on output 1. */
@Signature(
        ports = "1/1-2",
        description =
                "passes traffic on output 0 and sends a copy of every packet to output 1 (a monitoring port); with output 1 unconnected the copies are dropped",
        primitives = {Primitives.DUPLICATE})
public final class Mirror extends Tee {

    @Override
    public void configure(ElementConfiguration configuration, RuntimeContext context) {
        outputs = 2; // output 0: traffic, output 1: copies
    }
}
