package org.flowstream.modulehost.control;

import java.util.List;
import org.flowstream.modulehost.runtime.DaisyAcceptance;
import org.flowstream.modulehost.runtime.DaisyFrames;
import org.flowstream.modulehost.runtime.Device;
import org.flowstream.modulehost.runtime.Element;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.PmGraph;
import org.flowstream.modulehost.state.FlowGate;
import org.flowstream.modulehost.state.StatefulElement;

/**
 * The daisy links of a running PM's stateful elements, over the switch (docs/migration.md, "The daisy chain between
 * real PMs"): as the old instance of a move, an element's gate sends a packet it keeps no state for back out of the
 * interface it came in on, tagged with the element's place, input and a sequence number ({@link DaisyFrames}), and
 * keeps a copy until the new instance acknowledges it; as the new instance, the PM hands an arriving tagged frame to
 * the element the tag names, which takes it only for a filter it was told to accept ({@code accept_daisy}) and
 * acknowledges it when it processes it; an arriving acknowledgement goes to the element that daisy-chained. Before
 * either, {@link DaisyAcceptance} drops what no move expects (wrong interface, no move in progress).
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
            stateful.get(i).gate().linkTo(new OverTheSwitch(i));
        }
        List<DaisyAcceptance.MoveSide> sides = stateful.stream()
                .map(e -> (DaisyAcceptance.MoveSide) new GateSide(e.gate()))
                .toList();
        List<String> names = stateful.stream().map(e -> ((Element) e).name()).toList();
        DaisyAcceptance acceptance = DaisyAcceptance.of(graph.config(), names, sides);
        DaisyFrames.intakeFor(graph.context(), acceptance, new DaisyFrames.Intake() {
            @Override
            public void arrived(int element, int input, Packet packet, DaisyFrames.Acknowledgement acknowledge) {
                if (element < stateful.size()) { // a tag that names no element here is dropped
                    stateful.get(element).gate().pushFromDaisyLink(input, packet, acknowledge);
                }
            }

            @Override
            public void acknowledged(int element, int[] sequences) {
                if (element < stateful.size()) {
                    stateful.get(element).gate().acknowledged(sequences);
                }
            }
        });
    }

    /** What the daisy chain's acceptance rule asks of an element, answered by its gate. */
    private record GateSide(FlowGate gate) implements DaisyAcceptance.MoveSide {
        @Override
        public boolean acceptsDaisyChained() {
            return gate.acceptsDaisyChained();
        }

        @Override
        public boolean awaitsAcknowledgements() {
            return gate.awaitsAcknowledgements();
        }
    }

    /** One element's link: back out of the interface the packet came in on, tagged; the other PM acknowledges. */
    private record OverTheSwitch(int element) implements FlowGate.DaisyLink {

        @Override
        public void forward(int input, Packet packet, int sequence) {
            Device device = DaisyFrames.arrivalDevice();
            if (device == null) { // only FromDevice threads push packets into a PM's graph
                throw new IllegalStateException(
                        "a daisy-chained packet has no interface it came in on to go back out of");
            }
            device.send(DaisyFrames.tagged(packet, element, input, sequence));
        }

        @Override
        public boolean needsAcknowledgements() {
            return true;
        }
    }
}
