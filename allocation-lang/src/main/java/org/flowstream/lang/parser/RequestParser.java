package org.flowstream.lang.parser;

import java.util.List;
import org.flowstream.contracts.click.ast.Statement;
import org.flowstream.contracts.click.diag.DiagnosticSink;
import org.flowstream.contracts.click.parser.ClickParser;
import org.flowstream.lang.ast.ConfigFile;

/**
 * Parses an allocation request (grammar in docs/allocation-language.md): the {@code KEY=value} header
 * ({@link HeaderScanner}), then the Click body with the one Click parser ({@link ClickParser}), which lists
 * every syntax error of one run.
 */
public final class RequestParser {

    private RequestParser() {}

    /** Parses {@code text}; problems go to {@code diagnostics}, the result is never null. */
    public static ConfigFile parse(String text, DiagnosticSink diagnostics) {
        HeaderScanner.Result header = HeaderScanner.scan(text, diagnostics);
        List<Statement> statements = ClickParser.parse(text, header.bodyIndex(), header.bodyLine(), diagnostics);
        return new ConfigFile(diagnostics.fileName(), header.lines(), statements);
    }
}
