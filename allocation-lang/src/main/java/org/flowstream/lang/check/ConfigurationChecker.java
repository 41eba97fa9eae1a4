package org.flowstream.lang.check;

import java.util.List;
import org.flowstream.contracts.click.diag.DiagnosticSink;
import org.flowstream.contracts.element.ConfigurationProblem;
import org.flowstream.contracts.element.ElementConfiguration;
import org.flowstream.contracts.element.Keyword;
import org.flowstream.lang.config.ConfigArg;

/**
 * Checks each PM's configuration against the keywords its class's signature declares, reading it with {@link
 * ElementConfiguration} exactly as the module host's runtime reads it for the element (so {@code lang check}
 * refuses what a PM would refuse at start, and nothing it would take), and reports each problem at the argument
 * it is about. Classes whose keywords the catalogue does not know are not checked.
 */
final class ConfigurationChecker {

    private final DiagnosticSink diagnostics;

    ConfigurationChecker(DiagnosticSink diagnostics) {
        this.diagnostics = diagnostics;
    }

    void check(FlatGraph graph) {
        for (FlatNode node : graph.elements()) {
            if (node.elementClass instanceof ElementClass.Pm pm) {
                pm.type()
                        .declaredKeywords()
                        .ifPresent(keywords -> check(node, pm.type().className(), keywords));
            }
        }
    }

    private void check(FlatNode node, String className, List<Keyword> keywords) {
        List<String> values = node.args.stream().map(ConfigArg::value).toList();
        String element = "'%s' (%s)".formatted(node.name, className);
        for (ConfigurationProblem problem :
                ElementConfiguration.read(className, keywords, values).problems()) {
            var pos = problem.argument() == ConfigurationProblem.WHOLE
                    ? node.pos
                    : node.args.get(problem.argument()).pos();
            diagnostics.semantic(pos, problem.about(element));
        }
    }
}
