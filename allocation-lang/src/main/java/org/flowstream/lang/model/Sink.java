package org.flowstream.lang.model;

import java.util.List;

/**
 * A ToNet node: traffic leaving the service.
 *
 * @param ioNodes the outputs it may be placed on (§3.2.2 V_i), in the order written
 */
public record Sink(String name, List<String> ioNodes) {
    public Sink {
        ioNodes = List.copyOf(ioNodes);
    }
}
