package org.flowstream.modulehost.control;

import java.util.List;
import org.flowstream.modulehost.runtime.DaisyFrames;
import org.flowstream.modulehost.runtime.Device;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.PmGraph;
import org.flowstream.modulehost.state.StatefulElement;

/**
 * The daisy links of a running PM's stateful elements, over the switch (docs/migration.md, "The daisy chain between
 * real PMs"): as the old instance of a move, an element's gate sends a packet it keeps no state for back out of the
 * interface it came in on, tagged with the element's place and input ({@link DaisyFrames}); as the new instance,
 * the PM hands an arriving tagged frame to the element the tag names, which takes it only for a filter it was told
 * to accept ({@code accept_daisy}).
 */
final class WireDaisyLinks {

    private WireDaisyLinks() {}

    /** Links every stateful element of the graph to the switch, both ways. */
    static void attach(PmGraph graph) {
        List<StatefulElement> stateful = graph.elements().values().stream()
                .filter(StatefulElement.class::isInstance)
                .map(StatefulElement.class::cast)
                .toList();
        for (int i = 0; i < stateful.size(); i++) {
            int element = i;
            stateful.get(i).gate().linkTo((input, packet) -> sendBack(element, input, packet));
        }
        DaisyFrames.intakeFor(graph.context(), (tag, packet) -> arrived(stateful, tag, packet));
    }

    private static void sendBack(int element, int input, Packet packet) {
        Device device = DaisyFrames.arrivalDevice();
        if (device == null) { // only FromDevice threads push packets into a PM's graph
            throw new IllegalStateException("a daisy-chained packet has no interface it came in on to go back out of");
        }
        device.send(DaisyFrames.tagged(packet, DaisyFrames.tag(element, input)));
    }

    private static void arrived(List<StatefulElement> stateful, int tag, Packet packet) {
        int element = DaisyFrames.elementOf(tag);
        if (element < stateful.size()) { // a tag that names no element here is dropped
            stateful.get(element).gate().pushFromDaisyLink(DaisyFrames.inputOf(tag), packet);
        }
    }
}
