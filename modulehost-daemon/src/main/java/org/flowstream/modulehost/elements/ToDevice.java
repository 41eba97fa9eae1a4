package org.flowstream.modulehost.elements;

import org.flowstream.contracts.element.ElementConfiguration;
import org.flowstream.contracts.element.Signature;
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
    public void configure(ElementConfiguration configuration, RuntimeContext context) {
        ifname = configuration.text("IFNAME");
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
