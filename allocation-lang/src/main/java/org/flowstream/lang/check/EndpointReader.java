package org.flowstream.lang.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.flowstream.contracts.click.diag.DiagnosticSink;
import org.flowstream.contracts.click.diag.SourcePos;
import org.flowstream.contracts.match.InvalidMatchException;
import org.flowstream.contracts.match.Match;
import org.flowstream.lang.config.ConfigArg;
import org.flowstream.lang.model.Sink;
import org.flowstream.lang.model.Source;

/**
 * Reads the configuration of the service's ends. {@code FromNet(match[, IONODE node])}: the
 * arguments other than IONODE, joined by commas, form an OpenFlow match. {@code ToNet(node, ...)}:
 * the outputs (I/O nodes or ports) the sink may use.
 */
final class EndpointReader {

    static final String IO_NODE_KEYWORD = "IONODE";
    private static final Pattern IO_NODE_NAME = Pattern.compile("[A-Za-z0-9_.:@/-]+");

    /** Sources and sinks by the node they come from, in graph order. */
    record Endpoints(Map<FlatNode, Source> sources, Map<FlatNode, Sink> sinks) {}

    private EndpointReader() {}

    static Endpoints read(FlatGraph graph, DiagnosticSink diagnostics) {
        Map<FlatNode, Source> sources = new LinkedHashMap<>();
        Map<FlatNode, Sink> sinks = new LinkedHashMap<>();
        for (FlatNode node : graph.elements()) {
            if (node.is(BuiltinClass.FROM_NET)) {
                Source source = readSource(node, diagnostics);
                if (source != null) {
                    sources.put(node, source);
                }
            } else if (node.is(BuiltinClass.TO_NET)) {
                Sink sink = readSink(node, diagnostics);
                if (sink != null) {
                    sinks.put(node, sink);
                }
            }
        }
        requireBothEnds(graph, diagnostics);
        return new Endpoints(sources, sinks);
    }

    private static Source readSource(FlatNode node, DiagnosticSink diagnostics) {
        List<String> matchParts = new ArrayList<>();
        String ioNode = "";
        for (ConfigArg arg : node.args) {
            String value = arg.value().strip();
            if (value.startsWith(IO_NODE_KEYWORD + " ")) {
                ioNode = value.substring(IO_NODE_KEYWORD.length()).strip();
                if (!IO_NODE_NAME.matcher(ioNode).matches()) {
                    diagnostics.semantic(
                            arg.pos(), "FromNet '" + node.name + "': '" + ioNode + "' is not a valid I/O node name");
                    return null;
                }
            } else {
                matchParts.add(value);
            }
        }
        String match = String.join(",", matchParts);
        SourcePos where = node.args.isEmpty() ? node.pos : node.args.get(0).pos();
        List<String> problems = matchProblems(match);
        for (String problem : problems) {
            diagnostics.semantic(where, "bad FromNet match \"" + match + "\" for '" + node.name + "': " + problem);
        }
        return problems.isEmpty() ? new Source(node.name, Match.parse(match), ioNode) : null;
    }

    /** What is wrong with a FromNet match; a FromNet must select something, so an empty match is wrong too. */
    private static List<String> matchProblems(String match) {
        if (match.isBlank()) {
            return List.of("the match is empty; give at least one field, e.g. \"ip,nw_dst=8.8.8.8\"");
        }
        try {
            Match.parse(match);
            return List.of();
        } catch (InvalidMatchException e) {
            return e.problems();
        }
    }

    private static Sink readSink(FlatNode node, DiagnosticSink diagnostics) {
        if (node.args.isEmpty()) {
            diagnostics.semantic(
                    node.pos,
                    "ToNet '" + node.name + "' needs the output it sends to, e.g. ToNet(\"tun1\")"
                            + " or a list of allowed I/O nodes");
            return null;
        }
        List<String> ioNodes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ConfigArg arg : node.args) {
            String value = arg.value().strip();
            if (!IO_NODE_NAME.matcher(value).matches()) {
                diagnostics.semantic(
                        arg.pos(), "ToNet '" + node.name + "': '" + value + "' is not a valid output name");
                return null;
            }
            if (!seen.add(value)) {
                diagnostics.semantic(arg.pos(), "ToNet '" + node.name + "' lists '" + value + "' twice");
                return null;
            }
            ioNodes.add(value);
        }
        return new Sink(node.name, ioNodes);
    }

    /** Every service has at least one source and one sink (§3.2.1). */
    private static void requireBothEnds(FlatGraph graph, DiagnosticSink diagnostics) {
        boolean hasSource = graph.elements().stream().anyMatch(n -> n.is(BuiltinClass.FROM_NET));
        boolean hasSink = graph.elements().stream().anyMatch(n -> n.is(BuiltinClass.TO_NET));
        if (!hasSource) {
            diagnostics.semantic(
                    SourcePos.START, "the request has no FromNet: a network service needs at least one source");
        }
        if (!hasSink) {
            diagnostics.semantic(
                    SourcePos.START, "the request has no ToNet: a network service needs at least one sink");
        }
    }
}
