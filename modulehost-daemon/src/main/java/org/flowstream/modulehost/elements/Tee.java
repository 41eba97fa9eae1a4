package org.flowstream.modulehost.elements;

import org.flowstream.contracts.element.ElementConfiguration;
import org.flowstream.contracts.element.PortSpec;
import org.flowstream.contracts.element.Signature;
import org.flowstream.modulehost.runtime.ConfigException;
import org.flowstream.modulehost.runtime.Element;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.Primitives;
import org.flowstream.modulehost.runtime.RuntimeContext;

/** Sends a copy of every packet out of each of its N outputs (output 0 gets the original). */
@Signature(
        ports = "1/1-",
        description = "duplicates every packet to each of its N outputs (N from 1 to 64)",
        primitives = {Primitives.DUPLICATE},
        keywords = {
            @Signature.Keyword(
                    name = "N",
                    type = "integer 1-64",
                    defaultValue = "2",
                    meaning = "how many outputs",
                    positional = true)
        })
public class Tee extends Element {

    /** Set by configure; Mirror fixes it at 2. */
    protected int outputs = 2;

    @Override
    public void configure(ElementConfiguration configuration, RuntimeContext context) throws ConfigException {
        outputs = configuration.integer("N");
    }

    /** Within the declared 1/1-: N outputs, as configured. */
    @Override
    public PortSpec ports() {
        return PortSpec.fixed(1, outputs);
    }

    @Override
    public void push(int port, Packet packet) {
        for (int i = 1; i < outputs; i++) {
            if (outputConnected(i)) {
                output(i, packet.copy());
            }
        }
        output(0, packet);
    }
}
