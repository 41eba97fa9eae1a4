package org.flowstream.modulehost.runtime;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which arriving daisy-chain frames (EtherType 0x88B5, {@link DaisyFrames}) a PM takes in (docs/migration.md, "Who
 * may send a daisy-chained frame"). Anyone whose traffic reaches a PM can send such a frame, and a daisy-chained
 * packet skips the elements in front of the one its tag names, while an acknowledgement makes an old instance forget
 * its copies; so the PM takes one only when a move expects it:
 *
 * <ul>
 *   <li>a daisy-chained packet, when the element the tag names is a move's new instance (told to {@code
 *       accept_daisy}) and the frame came in on an interface whose {@code FromDevice} reaches that element's input:
 *       the old instance sends a packet back out of the interface it came in on, and the switch takes it to the same
 *       interface here;
 *   <li>an acknowledgement, when the element keeps copies of packets it daisy-chained (a move's old instance), on
 *       whichever interface it came in on. Not only one that reaches the element: the new PM sends an
 *       acknowledgement with the first frame its packet's processing sends, out of that frame's interface if its PM
 *       reads it ({@link Acknowledgements}), and the switch takes it to the same interface here (both PMs run one
 *       configuration), which may lead anywhere. Every frame arrives on an interface this PM reads (a {@code
 *       FromDevice} loop hands it in, {@link DaisyFrames#readsFrom}), so that condition needs no check here.
 * </ul>
 *
 * Anything else is refused: dropped and counted on the interface it came in on. This is the PM's half; the switch
 * drops the EtherType everywhere but on a move's daisy paths (the openflow daemon's platform rules).
 */
public final class DaisyAcceptance {

    /** What the rule asks of a stateful element about the move it is in now. */
    public interface MoveSide {
        /** Whether a move told it to take daisy-chained packets (of some filter): it is a move's new instance. */
        boolean acceptsDaisyChained();

        /** Whether it keeps copies of packets it daisy-chained that wait for acknowledgements: an old instance. */
        boolean awaitsAcknowledgements();
    }

    private final List<? extends MoveSide> elements;
    /** Per stateful element (its place), per input: the interfaces whose FromDevice reaches it. */
    private final List<Map<Integer, Set<String>>> entrances;

    private DaisyAcceptance(List<? extends MoveSide> elements, List<Map<Integer, Set<String>>> entrances) {
        this.elements = elements;
        this.entrances = entrances;
    }

    /**
     * The rule for a PM built from {@code config} whose stateful elements, in their places, are named {@code names}
     * and are {@code elements}.
     */
    public static DaisyAcceptance of(GraphConfig config, List<String> names, List<? extends MoveSide> elements) {
        if (names.size() != elements.size()) {
            throw new IllegalArgumentException("one name per stateful element");
        }
        Map<String, Map<Integer, Set<String>>> reached = entrances(config);
        return new DaisyAcceptance(
                List.copyOf(elements),
                names.stream().map(n -> reached.getOrDefault(n, Map.of())).toList());
    }

    /** Whether a packet daisy-chained to element {@code element}'s input {@code input} may come in on {@code device}. */
    public boolean takesDaisyChained(int element, int input, String device) {
        return element < elements.size()
                && elements.get(element).acceptsDaisyChained()
                && entrances.get(element).getOrDefault(input, Set.of()).contains(device);
    }

    /** Whether an acknowledgement of what element {@code element} daisy-chained may come in now. */
    public boolean takesAcknowledgement(int element) {
        return element < elements.size() && elements.get(element).awaitsAcknowledgements();
    }

    /**
     * Per element name and input, the interfaces from whose FromDevice the graph's connections lead there. An
     * element may send what arrives on any input out of any output, so every path counts (a firewall's verdicts are
     * not the graph's business here: the old instance's packet came through them).
     */
    static Map<String, Map<Integer, Set<String>>> entrances(GraphConfig config) {
        Map<String, Map<Integer, Set<String>>> reached = new HashMap<>();
        for (GraphConfig.Declaration source : fromDevices(config)) {
            walkFrom(config, source.name(), source.args().get(0), reached);
        }
        return reached;
    }

    private static List<GraphConfig.Declaration> fromDevices(GraphConfig config) {
        return config.declarations().stream()
                .filter(d -> d.type().equals("FromDevice") && !d.args().isEmpty())
                .toList();
    }

    private static void walkFrom(
            GraphConfig config, String source, String device, Map<String, Map<Integer, Set<String>>> reached) {
        Set<String> seen = new HashSet<>(Set.of(source));
        Deque<String> next = new ArrayDeque<>(List.of(source));
        while (!next.isEmpty()) {
            String from = next.poll();
            for (GraphConfig.Connection c : config.connections()) {
                if (c.from().equals(from)) {
                    reached.computeIfAbsent(c.to(), n -> new HashMap<>())
                            .computeIfAbsent(c.toPort(), p -> new HashSet<>())
                            .add(device);
                    if (seen.add(c.to())) {
                        next.add(c.to());
                    }
                }
            }
        }
    }
}
