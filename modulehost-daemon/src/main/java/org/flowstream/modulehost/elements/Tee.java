package org.flowstream.modulehost.elements;

import java.util.List;
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

    private int outputs = 2;

    @Override
    public void configure(List<String> args, RuntimeContext context) throws ConfigException {
        if (args.size() > 1) {
            throw new ConfigException("Tee takes at most one argument, the number of outputs");
        }
        if (args.size() == 1) {
            try {
                outputs = Integer.parseInt(args.get(0).trim());
            } catch (NumberFormatException e) {
                throw new ConfigException("Tee's argument must be a number of outputs, got '" + args.get(0) + "'");
            }
            if (outputs < 1 || outputs > 64) {
                throw new ConfigException("Tee needs 1 to 64 outputs, got " + outputs);
            }
        }
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
