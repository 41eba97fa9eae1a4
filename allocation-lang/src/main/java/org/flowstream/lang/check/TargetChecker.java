package org.flowstream.lang.check;

import java.util.Map;
import org.flowstream.contracts.click.diag.DiagnosticSink;
import org.flowstream.contracts.click.diag.SourcePos;
import org.flowstream.contracts.match.MatchField;
import org.flowstream.lang.config.ConfigArg;
import org.flowstream.lang.model.Sink;
import org.flowstream.lang.model.Source;
import org.flowstream.lang.platform.TargetPlatform;
import org.flowstream.lang.platform.TrafficClaim;

/**
 * Checks a request's ends against the platform it is meant for: every I/O node it names exists, a FromNet
 * match leaves in_port to the platform, and no source captures packets that a live allocation's source
 * captures on the same ingress I/O node (see {@link org.flowstream.contracts.match.Match#overlaps} for what "the same packets" means).
 */
final class TargetChecker {

    private final TargetPlatform target;
    private final DiagnosticSink diagnostics;

    private TargetChecker(TargetPlatform target, DiagnosticSink diagnostics) {
        this.target = target;
        this.diagnostics = diagnostics;
    }

    static void check(EndpointReader.Endpoints endpoints, TargetPlatform target, DiagnosticSink diagnostics) {
        TargetChecker checker = new TargetChecker(target, diagnostics);
        if (target.knowsIoNodes()) {
            endpoints.sources().forEach(checker::checkSourceNames);
            endpoints.sinks().forEach(checker::checkSinkNames);
        }
        checker.checkOverlaps(endpoints.sources());
    }

    private void checkSourceNames(FlatNode node, Source source) {
        if (!source.ioNode().isEmpty() && !target.ioNodes().contains(source.ioNode())) {
            diagnostics.semantic(
                    argPosition(node, EndpointReader.IO_NODE_KEYWORD + " " + source.ioNode()),
                    "FromNet '%s': this platform has no I/O node '%s'%s; it has %s"
                            .formatted(
                                    node.name,
                                    source.ioNode(),
                                    Suggestions.didYouMean(source.ioNode(), target.ioNodes()),
                                    String.join(", ", target.ioNodes())));
        }
        if (source.match().has(MatchField.IN_PORT)) {
            diagnostics.semantic(
                    matchPosition(node),
                    ("FromNet '%s': leave in_port out of the match; the platform sets it from "
                                    + "the I/O node the traffic enters on (IONODE %s)")
                            .formatted(node.name, target.ingressOf(source)));
        }
    }

    private void checkSinkNames(FlatNode node, Sink sink) {
        for (String output : sink.ioNodes()) {
            if (!target.ioNodes().contains(output)) {
                diagnostics.semantic(
                        argPosition(node, output),
                        "ToNet '%s': this platform has no I/O node '%s'%s; it has %s"
                                .formatted(
                                        node.name,
                                        output,
                                        Suggestions.didYouMean(output, target.ioNodes()),
                                        String.join(", ", target.ioNodes())));
            }
        }
    }

    private void checkOverlaps(Map<FlatNode, Source> sources) {
        sources.forEach((node, source) -> {
            String ingress = target.ingressOf(source);
            for (TrafficClaim claim : target.claims()) {
                if (claim.ingress().equals(ingress) && source.match().overlaps(claim.match())) {
                    diagnostics.semantic(
                            matchPosition(node),
                            ("FromNet '%s' (%s) overlaps traffic that %s already captures%s; "
                                            + "two allocations must not capture the same packets, so narrow the match or use another I/O node")
                                    .formatted(source.name(), source.matchString(), claim.owner(), on(ingress)));
                }
            }
        });
    }

    private static String on(String ingress) {
        return ingress.isEmpty() ? "" : " on I/O node " + ingress;
    }

    /** Where the argument of that value is written, or the element itself. */
    private static SourcePos argPosition(FlatNode node, String value) {
        return node.args.stream()
                .filter(a -> a.value().strip().equals(value))
                .map(ConfigArg::pos)
                .findFirst()
                .orElse(node.pos);
    }

    /** The match is the FromNet's first argument that is not its IONODE. */
    private static SourcePos matchPosition(FlatNode node) {
        return node.args.stream()
                .filter(a -> !a.value().strip().startsWith(EndpointReader.IO_NODE_KEYWORD + " "))
                .map(ConfigArg::pos)
                .findFirst()
                .orElse(node.pos);
    }
}
