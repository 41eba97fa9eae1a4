package org.flowstream.modulehost.elements;

import java.util.List;
import org.flowstream.modulehost.runtime.ConfigException;
import org.flowstream.modulehost.runtime.Element;
import org.flowstream.modulehost.runtime.ElementInfo;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.Primitives;
import org.flowstream.modulehost.runtime.RuntimeContext;

/** Sends a copy of every packet out of each of its N outputs (output 0 gets the original). */
@ElementInfo(
        description = "Tee([N]): duplicates every packet to each of its N outputs (default 2)",
        primitives = {Primitives.DUPLICATE},
        outputs = "N")
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

    @Override
    public int outputCount() {
        return outputs;
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
