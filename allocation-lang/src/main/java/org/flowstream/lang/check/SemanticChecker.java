package org.flowstream.lang.check;

import org.flowstream.contracts.click.diag.DiagnosticSink;
import org.flowstream.lang.ast.ConfigFile;
import org.flowstream.lang.catalogue.PmCatalogue;
import org.flowstream.lang.model.NetworkService;
import org.flowstream.lang.platform.TargetPlatform;

/**
 * Checks a parsed request against a PM catalogue and the target platform's I/O nodes and live traffic
 * (when known) and, when nothing is wrong, returns the
 * flattened network service. Every check runs even after an earlier one failed, so the user
 * gets all problems at once.
 */
public final class SemanticChecker {

    private SemanticChecker() {}

    /** @return the service, or null when a problem was reported to {@code diagnostics} */
    public static NetworkService check(
            ConfigFile file, PmCatalogue catalogue, TargetPlatform target, DiagnosticSink diagnostics) {
        return check(file, catalogue, target, diagnostics, Elaborator.MAX_EXPANDED_NODES);
    }

    /** As above with another limit on compound expansion (tests use a small one). */
    static NetworkService check(
            ConfigFile file,
            PmCatalogue catalogue,
            TargetPlatform target,
            DiagnosticSink diagnostics,
            int maxExpandedNodes) {
        FlatGraph graph = new Elaborator(catalogue, diagnostics, maxExpandedNodes).elaborate(file.statements());
        if (graph.truncated) {
            return null;
        }
        new PortChecker(diagnostics).check(graph);
        new ConfigurationChecker(diagnostics).check(graph);
        CompoundSplicer.splice(graph);
        FanOutChecker.check(graph, diagnostics);
        CycleChecker.check(graph, diagnostics);
        EndpointReader.Endpoints endpoints = EndpointReader.read(graph, diagnostics);
        TargetChecker.check(endpoints, target, diagnostics);
        PlacementAnnotations annotations = new PlacementReader(graph, diagnostics).read();
        GroupChecker.check(file.header(), graph, diagnostics);
        if (diagnostics.hasErrors()) {
            return null;
        }
        return ModelBuilder.build(file.header(), graph, endpoints, annotations);
    }
}
