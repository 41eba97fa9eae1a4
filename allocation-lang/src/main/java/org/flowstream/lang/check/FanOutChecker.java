package org.flowstream.lang.check;

import java.util.HashMap;
import java.util.Map;
import org.flowstream.contracts.click.diag.DiagnosticSink;

/**
 * An output port pushes each packet to one place, so it may carry one connection only (many
 * connections may enter one input). Checked after splicing, which can create such fan-outs.
 */
final class FanOutChecker {

    private FanOutChecker() {}

    static void check(FlatGraph graph, DiagnosticSink diagnostics) {
        for (FlatNode node : graph.elements()) {
            Map<Integer, FlatEdge> firstByPort = new HashMap<>();
            for (FlatEdge edge : node.outgoing) {
                FlatEdge first = firstByPort.putIfAbsent(edge.fromPort, edge);
                if (first != null) {
                    diagnostics.semantic(
                            edge.pos,
                            "output port " + edge.fromPort + " of '" + node.name
                                    + "' is connected more than once (to '" + first.to.name + "' at line "
                                    + first.pos.line()
                                    + " and to '" + edge.to.name
                                    + "'); use a Mirror to copy packets to several elements");
                }
            }
        }
    }
}
