package org.flowstream.lang.check;

import java.util.List;
import org.flowstream.contracts.click.diag.DiagnosticSink;
import org.flowstream.contracts.element.PortCount;

/**
 * Checks every port against its element's class before compounds are spliced away, while each
 * connection still points at the place it was written: ports that do not exist, ports left
 * unconnected, inputs of a source, outputs of a sink, connections to a Placement.
 */
final class PortChecker {

    private final DiagnosticSink diagnostics;

    PortChecker(DiagnosticSink diagnostics) {
        this.diagnostics = diagnostics;
    }

    void check(FlatGraph graph) {
        for (FlatNode node : graph.nodes) {
            switch (node.kind) {
                case ELEMENT -> checkElement(node);
                case COMPOUND_INPUT -> checkCompoundSide(node, node.incoming, true);
                case COMPOUND_OUTPUT -> checkCompoundSide(node, node.outgoing, false);
            }
        }
    }

    private void checkElement(FlatNode node) {
        switch (node.elementClass) {
            case ElementClass.Builtin builtin -> checkBuiltin(node, builtin.builtin());
            case ElementClass.Pm pm -> {
                checkSide(node, node.incoming, true, pm.type().inputs());
                checkSide(node, node.outgoing, false, pm.type().outputs());
            }
            default -> {} // unknown classes are reported already
        }
    }

    private void checkBuiltin(FlatNode node, BuiltinClass builtin) {
        switch (builtin) {
            case FROM_NET -> {
                for (FlatEdge edge : node.incoming) {
                    diagnostics.semantic(
                            edge.pos, "FromNet '" + node.name + "' is a source: nothing can be connected to its input");
                }
                checkSide(node, node.outgoing, false, PortCount.fixed(1));
            }
            case TO_NET -> {
                for (FlatEdge edge : node.outgoing) {
                    diagnostics.semantic(edge.pos, "ToNet '" + node.name + "' is a sink: it has no output to connect");
                }
                checkSide(node, node.incoming, true, PortCount.fixed(1));
            }
            case PLACEMENT -> {
                for (FlatEdge edge : node.incoming) {
                    diagnostics.semantic(
                            edge.pos, "Placement '" + node.name + "' holds annotations and cannot be connected");
                }
                for (FlatEdge edge : node.outgoing) {
                    diagnostics.semantic(
                            edge.pos, "Placement '" + node.name + "' holds annotations and cannot be connected");
                }
            }
        }
    }

    /**
     * The ports in use must exist and leave no gap: an element has as many ports as its highest
     * connected one (at least its class's minimum), and each of them must be connected.
     */
    private void checkSide(FlatNode node, List<FlatEdge> edges, boolean inputs, PortCount allowed) {
        String side = inputs ? "input" : "output";
        int highest = -1;
        for (FlatEdge edge : edges) {
            int port = inputs ? edge.toPort : edge.fromPort;
            if (port >= allowed.max()) {
                diagnostics.semantic(
                        edge.pos,
                        "'" + node.name + "' has no " + side + " port " + port + ": " + node.elementClass.name()
                                + " has " + allowed.describe() + " " + side + (allowed.max() == 1 ? "" : "s"));
            } else {
                highest = Math.max(highest, port);
            }
        }
        int count = Math.max(allowed.min(), highest + 1);
        boolean[] connected = new boolean[count];
        for (FlatEdge edge : edges) {
            int port = inputs ? edge.toPort : edge.fromPort;
            if (port < count) {
                connected[port] = true;
            }
        }
        for (int port = 0; port < count; port++) {
            if (!connected[port]) {
                diagnostics.semantic(
                        node.pos,
                        side + " port " + port + " of '" + node.name + "' (" + node.elementClass.name()
                                + ") is not connected");
            }
        }
    }

    /** A compound instance's side has exactly the ports its body uses, and all must be connected outside. */
    private void checkCompoundSide(FlatNode node, List<FlatEdge> outsideEdges, boolean inputs) {
        if (node.compoundPorts == FlatNode.PORTS_UNKNOWN) {
            return;
        }
        String side = inputs ? "input" : "output";
        boolean[] connected = new boolean[node.compoundPorts];
        for (FlatEdge edge : outsideEdges) {
            int port = inputs ? edge.toPort : edge.fromPort;
            if (port >= node.compoundPorts) {
                diagnostics.semantic(
                        edge.pos,
                        "'" + node.name + "' has no " + side + " port " + port + ": elementclass '"
                                + node.elementClass.name() + "' has " + node.compoundPorts + " " + side
                                + (node.compoundPorts == 1 ? "" : "s"));
            } else {
                connected[port] = true;
            }
        }
        for (int port = 0; port < connected.length; port++) {
            if (!connected[port]) {
                diagnostics.semantic(
                        node.pos,
                        side + " port " + port + " of '" + node.name + "' (elementclass '" + node.elementClass.name()
                                + "') is not connected");
            }
        }
    }
}
