package org.flowstream.lang.check;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.flowstream.contracts.click.diag.DiagnosticSink;

/**
 * A network service is a DAG (§3.2.2). Peels off nodes with no remaining inputs (Kahn's
 * algorithm, no recursion, so long chains cannot overflow the stack); whatever remains contains
 * cycles, and each disjoint one found is reported once.
 */
final class CycleChecker {

    private static final int MAX_REPORTED = 20;

    private CycleChecker() {}

    static void check(FlatGraph graph, DiagnosticSink diagnostics) {
        Set<FlatNode> remaining = new HashSet<>(graph.elements());
        peelAcyclicPart(remaining);
        for (int reported = 0; !remaining.isEmpty() && reported < MAX_REPORTED; reported++) {
            List<FlatEdge> cycle = findCycle(remaining);
            FlatEdge closing = cycle.get(cycle.size() - 1);
            String path = cycle.stream().map(e -> e.from.name).collect(Collectors.joining(" -> "));
            diagnostics.semantic(
                    closing.pos,
                    "the connections form a cycle: " + path + " -> " + cycle.get(0).from.name
                            + "; a network service must be acyclic");
            cycle.forEach(edge -> remaining.remove(edge.from));
            peelAcyclicPart(remaining);
        }
    }

    /** Removes from {@code nodes} every node that is not on or after a cycle among them. */
    private static void peelAcyclicPart(Set<FlatNode> nodes) {
        Map<FlatNode, Integer> pendingInputs = new HashMap<>();
        Deque<FlatNode> ready = new ArrayDeque<>();
        for (FlatNode node : nodes) {
            int count = (int)
                    node.incoming.stream().filter(e -> nodes.contains(e.from)).count();
            pendingInputs.put(node, count);
            if (count == 0) {
                ready.add(node);
            }
        }
        while (!ready.isEmpty()) {
            FlatNode node = ready.poll();
            nodes.remove(node);
            for (FlatEdge edge : node.outgoing) {
                Integer pending = pendingInputs.get(edge.to);
                if (pending != null && nodes.contains(edge.to)) {
                    pendingInputs.put(edge.to, pending - 1);
                    if (pending - 1 == 0) {
                        ready.add(edge.to);
                    }
                }
            }
        }
    }

    /**
     * After peeling, every remaining node has an input from another remaining node, so walking
     * inputs backwards must come round to a node already seen: that loop is a cycle.
     */
    private static List<FlatEdge> findCycle(Set<FlatNode> remaining) {
        Map<FlatNode, Integer> indexOnWalk = new HashMap<>();
        List<FlatEdge> walk = new ArrayList<>();
        FlatNode node = remaining.stream().min((a, b) -> a.pos.compareTo(b.pos)).orElseThrow();
        while (!indexOnWalk.containsKey(node)) {
            indexOnWalk.put(node, walk.size());
            FlatNode current = node;
            FlatEdge back = current.incoming.stream()
                    .filter(e -> remaining.contains(e.from))
                    .findFirst()
                    .orElseThrow();
            walk.add(back);
            node = back.from;
        }
        List<FlatEdge> cycle = new ArrayList<>(walk.subList(indexOnWalk.get(node), walk.size()));
        Collections.reverse(cycle);
        // Start the report at the element declared first, so the message reads in source order.
        int first = 0;
        for (int i = 1; i < cycle.size(); i++) {
            if (cycle.get(i).from.pos.compareTo(cycle.get(first).from.pos) < 0) {
                first = i;
            }
        }
        Collections.rotate(cycle, -first);
        return cycle;
    }
}
