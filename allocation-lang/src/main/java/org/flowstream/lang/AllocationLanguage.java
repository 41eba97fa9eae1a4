package org.flowstream.lang;

import org.flowstream.contracts.click.diag.DiagnosticSink;
import org.flowstream.lang.ast.ConfigFile;
import org.flowstream.lang.catalogue.DefaultPmCatalogue;
import org.flowstream.lang.catalogue.PmCatalogue;
import org.flowstream.lang.check.SemanticChecker;
import org.flowstream.lang.model.NetworkService;
import org.flowstream.lang.parser.RequestParser;
import org.flowstream.lang.platform.TargetPlatform;
import org.flowstream.lang.print.ServicePrinter;

/**
 * Entry point to the allocation language (§2.1.4): parse a request, check it against the
 * platform's PM catalogue, print a checked service back in normalized Click form.
 * No method throws for bad input; problems come back as diagnostics.
 */
public final class AllocationLanguage {

    private AllocationLanguage() {}

    /** Syntax only: is this Click text with an allocation header? */
    public static ParseResult parse(String fileName, String text) {
        DiagnosticSink diagnostics = new DiagnosticSink(fileName);
        ConfigFile file = RequestParser.parse(text, diagnostics);
        return new ParseResult(file, diagnostics.sorted());
    }

    /**
     * Parses and checks a request. Semantic checks run only on text that parsed cleanly, since a
     * statement the parser had to skip would make them report phantom problems.
     */
    public static CheckResult check(String fileName, String text, PmCatalogue catalogue, TargetPlatform target) {
        DiagnosticSink diagnostics = new DiagnosticSink(fileName);
        ConfigFile file = RequestParser.parse(text, diagnostics);
        if (diagnostics.hasErrors()) {
            return new CheckResult(null, diagnostics.sorted());
        }
        NetworkService service = SemanticChecker.check(file, catalogue, target, diagnostics);
        return new CheckResult(service, diagnostics.sorted());
    }

    /** {@link #check(String, String, PmCatalogue, TargetPlatform)} with the platform's I/O nodes and traffic unknown. */
    public static CheckResult check(String fileName, String text, PmCatalogue catalogue) {
        return check(fileName, text, catalogue, TargetPlatform.UNKNOWN);
    }

    /** {@link #check(String, String, PmCatalogue)} with the built-in default catalogue. */
    public static CheckResult check(String fileName, String text) {
        return check(fileName, text, DefaultPmCatalogue.create());
    }

    /** The service as a flat, normalized request; checking it again yields an equal service. */
    public static String print(NetworkService service) {
        return ServicePrinter.print(service);
    }
}
