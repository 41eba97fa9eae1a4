package org.flowstream.lang.check;

import java.util.ArrayList;
import java.util.List;
import org.flowstream.contracts.click.ast.Chain;
import org.flowstream.contracts.click.ast.PortList;
import org.flowstream.contracts.click.diag.DiagnosticSink;
import org.flowstream.contracts.click.diag.SourcePos;

/**
 * Which (output, input) port pairs one link of a chain makes, following Click 2's port lists.
 * With {@code ->}, a single port on one side meets every port on the other; two lists of the same
 * length pair up in order. With {@code =>}, ports always pair up in order, and a side without a
 * list stands for ports 0, 1, ... as many as the other side lists.
 */
final class PortPairing {

    private PortPairing() {}

    /** The pairs {@code {outputPort, inputPort}}; empty (after a report) when the lists do not fit. */
    static List<int[]> pair(
            PortList outs, Chain.Connector connector, PortList ins, SourcePos pos, DiagnosticSink diagnostics) {
        if (connector == Chain.Connector.PAIRWISE_ARROW) {
            if (outs == null && ins == null) {
                diagnostics.semantic(pos, "'=>' needs a port list on at least one side, e.g. a[0, 1] => b");
                return List.of();
            }
            List<Integer> out =
                    outs != null ? outs.numbers() : firstPorts(ins.numbers().size());
            List<Integer> in =
                    ins != null ? ins.numbers() : firstPorts(outs.numbers().size());
            return pairwise(out, in, pos, diagnostics);
        }
        List<Integer> out = outs == null ? List.of(0) : outs.numbers();
        List<Integer> in = ins == null ? List.of(0) : ins.numbers();
        if (out.size() == 1 || in.size() == 1) {
            List<int[]> pairs = new ArrayList<>();
            for (int o : out) {
                for (int i : in) {
                    pairs.add(new int[] {o, i});
                }
            }
            return pairs;
        }
        return pairwise(out, in, pos, diagnostics);
    }

    private static List<int[]> pairwise(
            List<Integer> out, List<Integer> in, SourcePos pos, DiagnosticSink diagnostics) {
        if (out.size() != in.size()) {
            diagnostics.semantic(
                    pos,
                    "the port lists on the two sides have different lengths (" + out.size() + " outputs, " + in.size()
                            + " inputs)");
            return List.of();
        }
        List<int[]> pairs = new ArrayList<>();
        for (int k = 0; k < out.size(); k++) {
            pairs.add(new int[] {out.get(k), in.get(k)});
        }
        return pairs;
    }

    private static List<Integer> firstPorts(int count) {
        List<Integer> ports = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            ports.add(k);
        }
        return ports;
    }
}
