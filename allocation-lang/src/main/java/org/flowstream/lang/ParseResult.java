package org.flowstream.lang;

import java.util.List;
import org.flowstream.contracts.click.diag.Diagnostic;
import org.flowstream.lang.ast.ConfigFile;

/**
 * The syntax tree of a request and its syntax errors. The tree is always present (statements
 * that could not be parsed are left out), so tools can look at what did parse.
 */
public record ParseResult(ConfigFile file, List<Diagnostic> diagnostics) {
    public ParseResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean ok() {
        return diagnostics.isEmpty();
    }
}
