package org.flowstream.lang.check;

import java.util.List;

/**
 * Removes compound sides from the graph: every connection into a side's port is joined with every
 * connection out of the same port, so {@code a -> [0]inst} and {@code input[0] -> x} (inside
 * inst) become {@code a -> inst/x}. Nested compounds come apart one side at a time.
 */
final class CompoundSplicer {

    private CompoundSplicer() {}

    static void splice(FlatGraph graph) {
        for (FlatNode node : graph.nodes) {
            if (!node.isElement()) {
                spliceSide(graph, node);
            }
        }
        graph.nodes.removeIf(node -> !node.isElement());
        graph.edges.removeIf(edge -> !edge.isLive());
        graph.nodes.forEach(FlatNode::dropRetiredEdges);
    }

    private static void spliceSide(FlatGraph graph, FlatNode side) {
        List<FlatEdge> into = side.liveIncoming();
        List<FlatEdge> outOf = side.liveOutgoing();
        into.forEach(FlatEdge::retire);
        outOf.forEach(FlatEdge::retire);
        boolean outsideIsUpstream = side.kind == FlatNode.Kind.COMPOUND_INPUT;
        for (FlatEdge in : into) {
            for (FlatEdge out : outOf) {
                if (in.toPort != out.fromPort || in.from == side || out.to == side) {
                    continue;
                }
                // Keep the position written outside the compound: that is where the user can act.
                graph.connect(in.from, in.fromPort, out.to, out.toPort, outsideIsUpstream ? in.pos : out.pos);
            }
        }
    }
}
