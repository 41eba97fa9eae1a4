package org.flowstream.lang.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.flowstream.contracts.click.diag.SourcePos;

/** All nodes and edges of a request being flattened, in creation order. */
final class FlatGraph {

    final List<FlatNode> nodes = new ArrayList<>();
    final List<FlatEdge> edges = new ArrayList<>();
    /** Placement elements: they hold annotations and take no part in the graph. */
    final List<FlatNode> placements = new ArrayList<>();
    /** Names of compound instances, which splicing removes; kept for hints in messages. */
    final Set<String> compoundInstances = new HashSet<>();

    private long edgeSequence;
    /** Set when expansion stopped at the size limit; the graph is then incomplete and not checked further. */
    boolean truncated;

    FlatNode add(FlatNode node) {
        nodes.add(node);
        return node;
    }

    FlatEdge connect(FlatNode from, int fromPort, FlatNode to, int toPort, SourcePos pos) {
        FlatEdge edge = new FlatEdge(from, fromPort, to, toPort, pos, edgeSequence++);
        edges.add(edge);
        from.outgoing.add(edge);
        to.incoming.add(edge);
        return edge;
    }

    List<FlatNode> elements() {
        return nodes.stream().filter(FlatNode::isElement).toList();
    }

    /** Live edges in the order they were written. */
    List<FlatEdge> liveEdges() {
        return edges.stream()
                .filter(FlatEdge::isLive)
                .sorted(Comparator.comparing((FlatEdge e) -> e.pos).thenComparingLong(e -> e.sequence))
                .toList();
    }
}
