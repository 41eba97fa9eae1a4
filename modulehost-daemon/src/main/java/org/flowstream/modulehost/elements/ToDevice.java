package org.flowstream.modulehost.elements;

import java.util.List;
import org.flowstream.contracts.element.Signature;
import org.flowstream.modulehost.runtime.ConfigException;
import org.flowstream.modulehost.runtime.Device;
import org.flowstream.modulehost.runtime.Element;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.Primitives;
import org.flowstream.modulehost.runtime.RuntimeContext;

/** Sends every frame pushed into it out of one of the PM's interfaces. */
@Signature(
        ports = "1/0",
        description = "sends every frame it receives out of the PM interface IFNAME",
        primitives = {Primitives.SEND},
        keywords = {
            @Signature.Keyword(
                    name = "IFNAME",
                    type = "interface name",
                    required = true,
                    meaning = "the PM interface to write: p0, p1, ...",
                    positional = true)
        })
public final class ToDevice extends Element {

    private String ifname;
    private Device device;

    @Override
    public void configure(List<String> args, RuntimeContext context) throws ConfigException {
        if (args.size() != 1 || args.get(0).isBlank()) {
            throw new ConfigException("ToDevice takes one argument, the interface name (p0, p1, ...)");
        }
        ifname = args.get(0);
    }

    @Override
    public void initialize(RuntimeContext context) {
        device = context.device(ifname);
    }

    @Override
    public void push(int port, Packet packet) {
        device.send(packet);
    }
}
