package org.flowstream.lang.check;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.flowstream.contracts.click.diag.DiagnosticSink;
import org.flowstream.lang.ast.HeaderLine;
import org.flowstream.lang.model.ScalingGroup;

/**
 * Checks the {@code GROUP=} header line ({@link ScalingGroup}): its syntax and bounds, and that each grouped name is
 * a PM of the request. Any PM may be grouped: per-flow state moves with its prefixes, and element-wide state (a
 * counter, a token bucket) stays with each instance, which then counts or limits its share of the traffic.
 */
final class GroupChecker {

    private GroupChecker() {}

    static void check(List<HeaderLine> header, FlatGraph graph, DiagnosticSink diagnostics) {
        Optional<HeaderLine> line = header.stream()
                .filter(h -> h.key().equals(ScalingGroup.HEADER_KEY))
                .findFirst();
        if (line.isEmpty()) {
            return;
        }
        List<ScalingGroup> groups;
        try {
            groups = ScalingGroup.parse(line.get().value());
        } catch (IllegalArgumentException e) {
            diagnostics.semantic(line.get().pos(), e.getMessage());
            return;
        }
        for (ScalingGroup group : groups) {
            checkPm(group, line.get(), graph, diagnostics);
        }
    }

    private static void checkPm(ScalingGroup group, HeaderLine line, FlatGraph graph, DiagnosticSink diagnostics) {
        Optional<FlatNode> node =
                graph.elements().stream().filter(n -> n.name.equals(group.pm())).findFirst();
        if (node.isEmpty() || !(node.get().elementClass instanceof ElementClass.Pm)) {
            TreeSet<String> pms = new TreeSet<>();
            graph.elements().stream()
                    .filter(n -> n.elementClass instanceof ElementClass.Pm)
                    .forEach(n -> pms.add(n.name));
            diagnostics.semantic(
                    line.pos(),
                    "GROUP names '%s', which is not a PM of this request; its PMs: %s"
                            .formatted(group.pm(), pms.isEmpty() ? "none" : String.join(", ", pms)));
        }
    }
}
